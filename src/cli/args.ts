/**
 * `--flag value` / `--flag=value` / `--switch` parsing for the project's command-line tools.
 * Each tool declares what it accepts; anything else (an unknown option, a value outside a
 * list, a number that is not one) is refused with one line naming it and what is accepted,
 * so a typo never falls back to a default silently.
 */

/** What an option's value may be: any text, a finite number, or one of a list. */
export type OptionKind = 'text' | 'number' | readonly string[];

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
  readonly switches: Set<string>;
  readonly positional: string[];
}

/** A command line the tool does not accept; `runCli` prints its one-line message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const or = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

function checkValue(name: string, value: string, kind: OptionKind): void {
  if (kind === 'number') {
    if (value.trim() === '' || !Number.isFinite(Number(value))) throw new UsageError(`--${name} wants a number, not "${value}"`);
  } else if (kind !== 'text' && !kind.includes(value)) {
    throw new UsageError(`--${name} "${value}" is not accepted; use ${or(kind)}`);
  }
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Map<string, string>();
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
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (spec.switches.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    const kind = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option --${name}; options: ${known()}`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    checkValue(name, value, kind);
    values.set(name, value);
  }
  return { values, switches, positional };
}
