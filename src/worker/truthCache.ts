/**
 * Ground truth sent to the measuring worker once, then named by number. Every threshold step asks
 * the worker for boundary distances against the same mask; copying a 12000×12000 mask (144 MB)
 * into the worker each time held the page's thread for hundreds of ms a step. Both sides keep
 * the same few masks in the same least-recently-used order (messages arrive in the order they
 * were sent and each side updates its list as it sends or receives), so a number the page sends
 * alone is always one the worker still holds.
 */

/** How many masks the worker keeps: the selected pair's, and the one before (going back and forth). */
export const TRUTHS_KEPT = 2;

/** A mask on the wire: its number, and its pixels the first time (or after the worker let it go). */
export interface TruthRef<T> {
  readonly truthId: number;
  readonly mask: T | null;
}

/** Least-recently-used numbers, the same on both sides. */
class Recent {
  private readonly ids: number[] = [];
  /** Marks `id` as used; returns the number let go, if any. */
  use(id: number): number | null {
    const at = this.ids.indexOf(id);
    if (at >= 0) this.ids.splice(at, 1);
    this.ids.push(id);
    return this.ids.length > TRUTHS_KEPT ? (this.ids.shift() ?? null) : null;
  }
  has(id: number): boolean {
    return this.ids.includes(id);
  }
}

/** The page's side: numbers masks by identity and sends each one's pixels only when the worker lacks them. */
export function truthSender<T extends object>(): (mask: T) => TruthRef<T> {
  const numbers = new WeakMap<T, number>();
  const recent = new Recent();
  let next = 1;
  return (mask) => {
    let truthId = numbers.get(mask);
    if (truthId === undefined) {
      truthId = next++;
      numbers.set(mask, truthId);
    }
    const held = recent.has(truthId);
    recent.use(truthId);
    return { truthId, mask: held ? null : mask };
  };
}

/** The worker's side: keeps the masks it was sent and finds them again by number. */
export function truthReceiver<T>(): (ref: TruthRef<T>) => T {
  const masks = new Map<number, T>();
  const recent = new Recent();
  return ({ truthId, mask }) => {
    if (mask) masks.set(truthId, mask);
    const dropped = recent.use(truthId);
    const found = masks.get(truthId);
    if (dropped !== null && dropped !== truthId) masks.delete(dropped);
    if (found === undefined) throw new Error(`ground truth ${truthId} was not sent to the measuring worker`);
    return found;
  };
}
