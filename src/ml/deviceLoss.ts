/**
 * Noticing and surviving a lost WebGPU device (driver reset, GPU removed, browser reclaiming
 * it): watch `device.lost`, and on loss build a fresh WebGPU backend — re-registering TF.js's
 * own factory, which asks for a new device — or, if that fails, fall back to the next backend.
 * The caller reloads the model afterwards (GPU buffers do not survive a lost device).
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendChoice, type BackendName, BACKEND_ORDER } from '../model/backendNames';
import { chooseBackend } from './backends';

type WebGpuBackend = tf.KernelBackend & { device?: GPUDevice };

let lost: string | null = null;

/** Starts watching the current backend's device (no-op off WebGPU). */
export function watchDevice(): void {
  lost = null;
  const device = (tf.backend() as WebGpuBackend).device;
  if (tf.getBackend() !== 'webgpu' || !device) return;
  void device.lost.then((info) => {
    if ((tf.backend() as WebGpuBackend).device === device) lost = info.message || info.reason || 'the GPU device was lost';
  });
}

/** Why the device was lost, once it has been; null while it is fine. */
export function deviceLost(): string | null {
  return lost;
}

/** For tests and drills: destroys the WebGPU device as a driver reset would. */
export function destroyDevice(): boolean {
  const device = (tf.backend() as WebGpuBackend).device;
  if (tf.getBackend() !== 'webgpu' || !device) return false;
  device.destroy();
  return true;
}

/** A new backend after a loss: WebGPU again if it comes back, else the next one that works. */
export async function restartBackend(wasmPaths: Record<string, string>, forced: BackendName | null): Promise<BackendChoice> {
  const factory = tf.findBackendFactory('webgpu');
  tf.removeBackend('webgpu');
  if (factory) tf.registerBackend('webgpu', factory, 3);
  try {
    const choice = await chooseBackend({ forced: forced ?? 'webgpu', wasmPaths });
    watchDevice();
    return choice;
  } catch (e) {
    if (forced) throw e;
    // WebGPU did not come back: take the next backend that works, saying why.
    const next = await chooseBackend({ wasmPaths, skip: BACKEND_ORDER.slice(0, 1) });
    watchDevice();
    return { ...next, skipped: [{ name: 'webgpu', reason: `the GPU device was lost and could not be restarted (${(e as Error).message})` }, ...next.skipped] };
  }
}
