/** The U-Nets the benchmarks measure: the seed's layout (no BatchNorm unless named bn) at the sizes the issue names. */
import type { UnetOptions } from '../ml/unet';

export const BENCH_MODELS: Record<string, UnetOptions> = {
  /** Small enough that every op finishes in minutes on a CPU-emulated GPU. */
  tiny: { size: 64, channels: 1, base: 4, depth: 3, seed: 1 },
  /** The GPU run's smoke test (scripts/gpu): seconds per op on SwiftShader on a shared 2-core machine. */
  micro: { size: 32, channels: 1, base: 2, depth: 2, seed: 1 },
  base16: { size: 256, channels: 1, base: 16, depth: 4, seed: 1 },
  base32: { size: 256, channels: 1, base: 32, depth: 4, seed: 1 },
  /** tiny with conv → BatchNorm → ReLU: folded vs unfolded inference on CPU-emulated GPUs. */
  tinybn: { size: 64, channels: 1, base: 4, depth: 3, batchNorm: true, seed: 1 },
  /** base16 with conv → BatchNorm → ReLU (what training from scratch builds): folded for inference. */
  base16bn: { size: 256, channels: 1, base: 16, depth: 4, batchNorm: true, seed: 1 },
};

export function isBenchModel(name: string): boolean {
  return Object.hasOwn(BENCH_MODELS, name);
}
