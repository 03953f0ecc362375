/** Minimal `--flag value` / `--switch` parsing for the project's command-line tools. */

export interface ParsedArgs {
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
  readonly positional: string[];
}

export function parseArgs(argv: readonly string[], switchNames: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (switchNames.includes(name)) switches.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      values.set(name, next);
      i++;
    }
  }
  return { values, switches, positional };
}
