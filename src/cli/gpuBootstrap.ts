/**
 * Gives Node a WebGPU implementation when a command line asks for `--backend webgpu`. Imported
 * first by the command lines, before anything that imports TF.js's WebGPU backend.
 */
import { installDawn } from './dawn';

const argv = process.argv;
if (argv.includes('--backend') && argv[argv.indexOf('--backend') + 1] === 'webgpu') {
  const problem = installDawn();
  if (problem) console.error(problem);
}
