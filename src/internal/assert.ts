import { MAX_ID_LENGTH, MAX_TIMER_MS } from './limits.js';

/**
 * The one vocabulary for checking what a user passes (options objects, durations, counts, strings) and the one
 * place for the limits those checks use. Every check throws a `TypeError` whose message starts with the owner
 * (`TruecallerClient`, `RedisTracker`, `handleCallback`, …) and names the option, and never repeats the value
 * (it may be a key or a token).
 *
 * @internal
 */

/**
 * The list of every key of an options type, checked by the compiler both ways: a key that is not an option, or an
 * option missing from the list, fails to compile. Use it for the `known` argument of {@link assertOptions}.
 *
 * @example
 * ```ts
 * const KEYS = optionKeys<MemoryTrackerOptions>()(['maxEntries', 'now'])
 * ```
 */
export function optionKeys<T>(): <const K extends readonly (keyof T & string)[]>(
  keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missingOption: Exclude<keyof T, K[number]> }),
) => K {
  return (keys) => keys;
}

/** What {@link assertOptions} needs to know beyond the valid keys. */
export interface OptionsRules {
  /** Keys renamed before 1.0, old name to new: refused with a message naming the new one. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** How to pass the options, for the message when `value` is not an object, e.g. `new RedisTracker({ client })`. */
  readonly example?: string;
}

/**
 * `value` as an options object: refuses anything but a plain object, and every own key not in `known` with a
 * message naming the key and the closest valid one (`timeoutMs` -> "did you mean `timeout`?"). A JS caller who
 * misspells an option would otherwise silently get the default.
 *
 * @throws {TypeError} naming the owner and the unknown key.
 */
export function assertOptions<T extends object>(
  owner: string,
  value: unknown,
  known: readonly (keyof T & string)[],
  rules: OptionsRules = {},
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const example = rules.example === undefined ? '' : `, e.g. ${rules.example}`;
    throw new TypeError(`${owner}: pass an options object${example}.`);
  }
  for (const key of Object.keys(value)) {
    if ((known as readonly string[]).includes(key)) continue;
    const renamed = rules.renamed?.[key];
    if (renamed !== undefined && Object.hasOwn(rules.renamed ?? {}, key)) {
      throw new TypeError(
        `${owner}: \`${key}\` was renamed \`${renamed}\` (milliseconds). Write \`${renamed}\` instead.`,
      );
    }
    const closest = closestKey(key, known);
    const hint = closest === undefined ? ` Valid options: ${known.map((name) => `\`${name}\``).join(', ')}.` : '';
    throw new TypeError(
      `${owner}: unknown option \`${printable(key)}\`${closest === undefined ? '.' : `; did you mean \`${closest}\`?`}${hint}`,
    );
  }
  return value as T;
}

/**
 * The valid key nearest to `key`: the smallest edit distance, case-insensitive, also when `key` is a valid one
 * with a suffix or prefix (`timeoutMs` -> `timeout`). `undefined` when nothing is close.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const distance =
      lower.startsWith(other) || other.startsWith(lower) || lower.endsWith(other)
        ? Math.abs(lower.length - other.length) / 4
        : editDistance(lower, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Close enough to be a typo or a suffix: at most a third of the longer name.
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(Math.max(key.length, best.length) / 3))
    ? best
    : undefined;
}

/**
 * A duration option in whole milliseconds, from `min` (default 1) to {@link MAX_TIMER_MS}; `fallback` when
 * `value` is `undefined`.
 *
 * @throws {TypeError} naming the owner and the option.
 */
export function assertDuration(owner: string, name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > MAX_TIMER_MS) {
    throw new TypeError(`${owner}: \`${name}\` must be a whole number of milliseconds from ${min} to ${MAX_TIMER_MS}.`);
  }
  return value as number;
}

/**
 * A whole-number option from `min` to `max`; `fallback` when `value` is `undefined`.
 *
 * @throws {TypeError} naming the owner and the option.
 */
export function assertInteger(
  owner: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new TypeError(`${owner}: \`${name}\` must be a whole number ${range}.`);
  }
  return value as number;
}

/**
 * A string option of `minLength` (default 0) to `maxLength` characters; `undefined` passes when `optional`.
 *
 * @throws {TypeError} naming the owner and the option; never repeating the value.
 */
export function assertString(
  owner: string,
  name: string,
  value: unknown,
  { minLength = 0, maxLength = MAX_ID_LENGTH }: { minLength?: number; maxLength?: number } = {},
): string {
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
    const range =
      minLength === 0
        ? `of at most ${maxLength} characters`
        : minLength === 1
          ? `of 1 to ${maxLength} characters (not empty)`
          : `of ${minLength} to ${maxLength} characters`;
    throw new TypeError(`${owner}: \`${name}\` must be a string ${range}.`);
  }
  return value;
}

/** {@link assertString} for an option that may be left out. */
export function assertOptionalString(
  owner: string,
  name: string,
  value: unknown,
  limits: { minLength?: number; maxLength?: number } = {},
): string | undefined {
  return value === undefined ? undefined : assertString(owner, name, value, limits);
}

/**
 * A function option, or `undefined` when left out.
 *
 * @throws {TypeError} naming the owner and the option.
 */
export function assertOptionalFunction<F extends (...args: never[]) => unknown>(
  owner: string,
  name: string,
  value: unknown,
  what = 'a function',
): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${owner}: \`${name}\` must be ${what}.`);
  }
  return value as F | undefined;
}

/**
 * An `AbortSignal`, or `undefined` when left out.
 *
 * @throws {TypeError} naming the owner.
 */
export function assertOptionalSignal(owner: string, value: unknown): AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new TypeError(`${owner}: \`signal\` must be an AbortSignal.`);
  }
  return value;
}

/** Levenshtein distance; names are short, so the plain two-row version is enough. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A key as it may appear in a message: short, and nothing that could be a secret someone used as a key. */
function printable(key: string): string {
  return key.length > 40 || /[^\w$-]/.test(key) ? `${key.slice(0, 40).replace(/[^\w$-]/g, '?')}…` : key;
}
