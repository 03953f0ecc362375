/** Runs a command-line tool's `main`: its exit code, or the error's message and exit code 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
