/**
 * `--flag value` / `--flag=value` / `--switch` parsing for the project's command-line tools.
 * Each tool declares what it accepts; anything else (an unknown option, a value outside a
 * list, a number that is not one or lies outside its option's range) is refused with one line
 * naming it and what is accepted, so a typo never falls back to a default silently and a value
 * that means nothing (a threshold of 2, a learning rate of −0.1) never runs.
 */

/**
 * The values a numeric option accepts: `min` to `max` inclusive (±Infinity: no bound), above
 * `min` only when `minExclusive` (a learning rate of 0 trains nothing), whole numbers only when
 * `integer`; `note` says what the number counts, after the range.
 */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly minExclusive?: boolean;
  readonly note?: string;
}

/** What an option's value may be: any text, a number in a range, or one of a list. */
export type OptionKind = 'text' | NumberRange | readonly string[];

/** A number from `min` to `max`. */
export const numberFrom = (min: number, max: number, note?: string): NumberRange => ({ min, max, ...(note ? { note } : {}) });
/** A whole number from `min` to `max` (no upper bound by default). */
export const wholeFrom = (min: number, max = Infinity, note?: string): NumberRange => ({ min, max, integer: true, ...(note ? { note } : {}) });
/** A number above `min` (not `min` itself), at most `max`. */
export const numberAbove = (min: number, max = Infinity): NumberRange => ({ min, max, minExclusive: true });

export interface ArgSpec {
  /** Options that take a value. */
  readonly options: Readonly<Record<string, OptionKind>>;
  /** Options that take none. */
  readonly switches: readonly string[];
  /** Whether arguments without `--` are accepted (file lists); refused otherwise. */
  readonly positional?: boolean;
}

export interface ParsedArgs {
  readonly values: Map<string, string>;
  /** The numeric options' values, already checked against their ranges. */
  readonly numbers: Map<string, number>;
  readonly switches: Set<string>;
  readonly positional: string[];
}

/** A command line the tool does not accept; `runCli` prints its one-line message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const or = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

/** `a number from 0 to 1`, `a whole number of at least 1`, `a number above 0 and at most 1`. */
export function describeRange(range: NumberRange): string {
  const what = range.integer ? 'a whole number' : 'a number';
  const low = range.min === -Infinity ? null : range.minExclusive ? `above ${range.min}` : range.max === Infinity ? `of at least ${range.min}` : `from ${range.min}`;
  const high = range.max === Infinity ? null : low === null ? `of at most ${range.max}` : range.minExclusive ? `and at most ${range.max}` : `to ${range.max}`;
  return [what, low, high, range.note].filter((p) => p !== null && p !== undefined).join(' ');
}

// Plain decimal notation only: Number() would also take "0x10", "0b1" or " " (0), none of which anyone means.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The number `text` gives to option `--name`, or a UsageError naming the value and the range.
 * The tools' one parser of numbers, for option values and for lists inside one (--class-weights).
 */
export function parseNumber(name: string, text: string, range: NumberRange): number {
  const value = DECIMAL.test(text.trim()) ? Number(text) : NaN;
  const inRange =
    Number.isFinite(value) &&
    (range.minExclusive ? value > range.min : value >= range.min) &&
    value <= range.max &&
    (!range.integer || Number.isInteger(value));
  if (!inRange) throw new UsageError(`--${name} wants ${describeRange(range)}, not "${text}"`);
  return value;
}

/** Comma-separated numbers, each in `range` (`--class-weights 1,2,1`); an entry outside it is named. */
export function parseNumberList(name: string, text: string, range: NumberRange): number[] {
  return text.split(',').map((part) => {
    try {
      return parseNumber(name, part, range);
    } catch {
      throw new UsageError(`--${name} wants each entry ${describeRange(range)}, not "${part}" (in "${text}")`);
    }
  });
}

function checkList(name: string, value: string, kind: readonly string[]): void {
  if (!kind.includes(value)) throw new UsageError(`--${name} "${value}" is not accepted; use ${or(kind)}`);
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Map<string, string>();
  const numbers = new Map<string, number>();
  const switches = new Set<string>();
  const positional: string[] = [];
  const known = () => [...Object.keys(spec.options), ...spec.switches].map((n) => `--${n}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (!spec.positional) throw new UsageError(`unexpected argument "${arg}"; options: ${known()}`);
      positional.push(arg);
      continue;
    }
    // Split at the first '=' only: a value may hold more (--out=/tmp/run=1).
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (spec.switches.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    const kind = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option --${name}; options: ${known()}`);
    let value = inline;
    if (value === undefined) {
      // A negative number is a value (--threshold -0.1 is refused by its range, not taken for an option).
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (kind !== 'text') {
      if ('min' in kind) numbers.set(name, parseNumber(name, value, kind));
      else checkList(name, value, kind);
    }
    values.set(name, value);
  }
  return { values, numbers, switches, positional };
}
