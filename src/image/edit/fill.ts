/**
 * Region tools on a binary mask: fill holes (which also fills a closed outline drawn with the
 * brush), bucket fill of one connected region, and clear. Connectivity is 4-neighbour for the
 * background, so a foreground outline drawn with a diagonal step still closes its inside
 * (8-connected foreground, the usual digital-topology pairing).
 */
import { type ChangeRecorder } from './change';

/**
 * Every background pixel that cannot reach the mask's border through background becomes
 * foreground: holes inside regions, and the inside of closed outlines. The recorder writes 1.
 */
export function fillHoles(recorder: ChangeRecorder): void {
  const { width, height, data } = recorder.mask;
  const outside = new Uint8Array(width * height);
  const stack: number[] = [];
  const seed = (i: number) => {
    if (data[i] === 0 && outside[i] === 0) {
      outside[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  floodFrom(stack, width, height, seed);
  for (let i = 0; i < data.length; i++) if (data[i] === 0 && outside[i] === 0) recorder.set(i);
}

/**
 * Bucket fill: the 4-connected region of pixels that share the value at (x, y) (integer image
 * pixel) takes the recorder's value. Nothing happens when it already has it.
 */
export function floodFill(recorder: ChangeRecorder, x: number, y: number): void {
  const { width, height, data } = recorder.mask;
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  const start = y * width + x;
  const target = data[start];
  if (target === recorder.value) return;
  const stack: number[] = [];
  const seed = (i: number) => {
    if (data[i] === target) {
      recorder.set(i);
      stack.push(i);
    }
  };
  seed(start);
  floodFrom(stack, width, height, seed);
}

/** Sets every pixel to the recorder's value (0: clear the mask). */
export function fillAll(recorder: ChangeRecorder): void {
  for (let i = 0; i < recorder.mask.data.length; i++) recorder.set(i);
}

/** Depth-first walk over 4-neighbours; `seed` decides and marks. */
function floodFrom(stack: number[], width: number, height: number, seed: (i: number) => void): void {
  while (stack.length > 0) {
    const i = stack.pop() as number;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i < (height - 1) * width) seed(i + width);
  }
}
