/**
 * The one way the panels ask the measuring worker for something that depends on the threshold
 * (boundary distances, per-class distances, the fitted ellipse, the angle of progression): once
 * the inputs have rested, and with a staleness check for the answer.
 *
 * Why rest: a drag across the threshold slider changes it dozens of times a second, and each
 * request is seconds of distance transforms on a large image; asked at every step, the worker's
 * queue would be answering old thresholds long after the drag ended.
 * Why the check: an answer can come back after the image, the threshold or the model changed; it
 * must then be dropped, never shown beside figures of other inputs.
 */
import { type DependencyList, useEffect } from 'react';

/** How long the inputs must rest before the request is sent, ms. */
export const SETTLE_MS = 250;

/**
 * Calls `ask(isCurrent)` SETTLE_MS after `deps` last changed (null: nothing to ask); `isCurrent()`
 * stays true until `deps` change again or the component unmounts.
 */
export function useRestingRequest(ask: ((isCurrent: () => boolean) => void) | null, deps: DependencyList): void {
  useEffect(() => {
    if (!ask) return undefined;
    let current = true;
    const timer = setTimeout(() => ask(() => current), SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `ask` is a new closure at every render; what it reads is listed in `deps` by the caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
