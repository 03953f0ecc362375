/**
 * Runs a command-line tool's `main`: its exit code, or the error's message and exit code 1
 * (2 for a command line the tool does not accept).
 */
import * as tf from '@tensorflow/tfjs';
import { isWasmOutOfMemory } from '../ml/failures';
import { UsageError } from './args';

export function runCli(main: () => Promise<number>): void {
  // TF.js's advice to install tfjs-node (printed on the CPU backend's first use) is noise around
  // the tools' own lines; PROD silences TF.js's warnings only.
  tf.env().set('PROD', true);
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      const message = (e as Error).message;
      const hint = isWasmOutOfMemory(message) ? ' (WASM ran out of memory: its heap holds at most 4 GB; use a smaller --size, --batch or --base, or fewer images at once)' : '';
      console.error(`error: ${message}${hint}`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
