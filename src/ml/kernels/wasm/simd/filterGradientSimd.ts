/**
 * Our WebAssembly SIMD filter gradient (assembly/filterGradient.ts) seen from TypeScript: one
 * module instance with its own memory, created on first use (2 KB: compiled synchronously, which
 * browsers allow for small modules even on the page's thread). Inputs are copied in one image at a
 * time, which bounds the memory it keeps (for a 256² image with 32 channels, 12 MB) and costs a
 * memcpy per image against the kernel's 9·Ci·Co multiply-adds per pixel.
 */
import { FILTER_GRADIENT_WASM } from './filterGradientWasm';

/** Geometry of one call: x [B, H, W, Ci], dy [B, Ho, Wo, Co], dW [kh, kw, Ci, Co]; top/left: zero padding in pixels. */
export interface FilterGradientShape {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly Ci: number;
  readonly Ho: number;
  readonly Wo: number;
  readonly Co: number;
  readonly kh: number;
  readonly kw: number;
  readonly top: number;
  readonly left: number;
}

interface Kernel {
  readonly memory: WebAssembly.Memory;
  filterGradient(x: number, dy: number, out: number, B: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number): void;
}

let kernel: Kernel | null = null;

function instance(): Kernel {
  if (!kernel) {
    const bytes = Uint8Array.from(atob(FILTER_GRADIENT_WASM), (c) => c.charCodeAt(0));
    const imports = { env: { abort: () => { throw new Error('filterGradient.wasm aborted'); } } };
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as Kernel;
  }
  return kernel;
}

/** Whether the SIMD kernel computes this shape: stride and dilation 1. */
export function simdFilterGradientFits(strideH: number, strideW: number, dilationH: number, dilationW: number): boolean {
  return strideH === 1 && strideW === 1 && dilationH === 1 && dilationW === 1;
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − top, ox + kx − left, ci] · dy[b, oy, ox, co] (zero
 * outside the image), stride 1, NHWC; float32 in, float64 sums, float32 out. `out` is written whole.
 * Throws if the arrays' sizes do not match the shape.
 */
export function filterGradientSimd(x: Float32Array, dy: Float32Array, out: Float32Array, s: FilterGradientShape): void {
  const k = instance();
  const xFloats = s.H * s.W * s.Ci;
  const dyFloats = s.Ho * s.Wo * s.Co;
  const outFloats = s.kh * s.kw * s.Ci * s.Co;
  if (x.length !== s.B * xFloats || dy.length !== s.B * dyFloats || out.length !== outFloats) throw new Error('filterGradientSimd: array sizes do not match the shape');
  // Layout: dW as float64 first (8-byte aligned), then one image of x and of dy.
  const outAt = 0;
  const xAt = outFloats * 8;
  const dyAt = xAt + xFloats * 4;
  const bytes = dyAt + dyFloats * 4;
  const pages = Math.ceil((bytes - k.memory.buffer.byteLength) / 65536);
  if (pages > 0) k.memory.grow(pages);
  const heap = k.memory.buffer;
  const dW = new Float64Array(heap, outAt, outFloats);
  dW.fill(0);
  const xImage = new Float32Array(heap, xAt, xFloats);
  const dyImage = new Float32Array(heap, dyAt, dyFloats);
  for (let b = 0; b < s.B; b++) {
    xImage.set(x.subarray(b * xFloats, (b + 1) * xFloats));
    dyImage.set(dy.subarray(b * dyFloats, (b + 1) * dyFloats));
    k.filterGradient(xAt, dyAt, outAt, 1, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left);
  }
  out.set(dW);
}
