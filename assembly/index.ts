/**
 * Our WebAssembly SIMD kernels, compiled into one module (`npm run build:assembly`) so that the
 * helper threads instantiate one module on one shared memory and run whichever kernel a job names.
 */
export { filterGradientRows } from './filterGradient';
export { conv2dRows, packFilter } from './conv2d';
export { sumLeadingRows } from './sumLeading';
export { winogradFilter, winogradRows, winogradScratchBytes } from './winograd';
