/**
 * URLs of TF.js's WASM binaries as the bundler emitted them, resolved against the script that
 * imports this (the engine worker, in the same assets folder), so they load from the app's own
 * origin and sub-path, offline included.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export function wasmPaths(): Record<string, string> {
  const abs = (u: string) => new URL(u, import.meta.url).href;
  return {
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
  };
}
