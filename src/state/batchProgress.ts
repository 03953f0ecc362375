/**
 * Progress of the batch being segmented, with an estimate of the time left: the wall time from
 * the start of the queue's pass to its last finished image (decoding, the model, metrics and
 * waiting all included, not the model's time alone) divided by the images finished in it, times
 * the images still to go. Recorded by the queue as images finish, so rendering reads no clock.
 */

/** The queue's running pass: when it started and how far it got. */
export interface BatchClock {
  /** `performance.now()` at the start of the pass, in ms. */
  readonly startedMs: number;
  /** Images the pass has finished (done or failed). */
  readonly finished: number;
  /** Wall time from the start of the pass to its last finished image, in ms. */
  readonly elapsedMs: number;
}

export interface BatchProgress {
  /** Images done or failed, of `total`. */
  readonly done: number;
  readonly total: number;
  /** Estimated seconds until the last image is done; null until one image of this batch finished. */
  readonly secondsLeft: number | null;
}

/**
 * Progress of a running batch: `progress` counts the list's images done or failed; null when no
 * batch is running or nothing is left to do.
 */
export function batchProgress(progress: { done: number; total: number }, clock: BatchClock | null): BatchProgress | null {
  const { done, total } = progress;
  if (!clock || done >= total) return null;
  const secondsLeft = clock.finished > 0 ? ((clock.elapsedMs / clock.finished) * (total - done)) / 1000 : null;
  return { done, total, secondsLeft };
}

/** "about 35 s left", "about 3 min left"; rounded to 5 s above 10 s, to whole minutes from 90 s. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 1) return 'less than a second left';
  if (seconds < 10) return `about ${Math.round(seconds)} s left`;
  if (seconds < 90) return `about ${Math.max(10, Math.round(seconds / 5) * 5)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** The line the image list shows: "12 of 40 segmented · about 35 s left" (no estimate before the first image). */
export function batchProgressText(progress: BatchProgress): string {
  const head = `${progress.done} of ${progress.total} segmented`;
  return progress.secondsLeft === null ? `${head} · estimating the time left` : `${head} · ${formatTimeLeft(progress.secondsLeft)}`;
}
