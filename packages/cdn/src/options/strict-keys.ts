import { describe, EdgecaseError, type EdgecaseErrorCode } from '../errors.js';

/**
 * The one strict-options mechanism: every options object of the public API (createCdn and its
 * groups, faults, invalidations, origins, the Vitest plugin and matchers) names its known keys once
 * and is checked here, so a typo is an error with a did-you-mean instead of a silently ignored
 * option. Each list is declared with `optionKeys<T>()`, so the compiler keeps it equal to the type.
 *
 * Hand-written rather than a schema library: none of valibot, zod or arktype suggests the nearest
 * key for an unknown one or lists the known ones, and the core has no runtime dependencies. Measured
 * for one strict 2-key object (esbuild --minify, gzip): this file 1.0 kB with EdgecaseError; valibot
 * 1.5 1.6 kB ('Invalid key: Expected never but received "fro"'); zod/mini 4.6 5.3 kB ('Invalid
 * input'); zod 4.6 26 kB ('Unrecognized key: "fro"'); arktype 2.2 48 kB ('fro must be removed').
 */

/** Edit distance counting a swap of two neighbours as one edit (`fro` → `for`), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(s.length, t.length);
}

/**
 * The candidate closest to `input` (`'fro'` → `'for'`, `'serverPerPop'` → `'serversPerPop'`), or
 * undefined when none is close: at most a third of the longer word may differ (at least 1 character
 * for words of 3 or more); a candidate that only differs in case always matches, and so does the
 * only candidate an input of 3 or more characters begins (`callerRef` → `callerReference`).
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(input, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const longer = Math.max(input.length, best.length);
  const allowed = longer < 3 ? 0 : Math.max(1, Math.floor(longer / 3));
  if (bestDistance <= allowed) return best;
  // A shortened name (`callerRef`, `cacheTag`) is meant for the one candidate it begins.
  const lower = input.toLowerCase();
  const extended = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return input.length >= 3 && extended.length === 1 ? extended[0] : undefined;
}

/** The keys of `T` that `K` leaves out, as a type error's payload; nothing when `K` names them all. */
type MissingKeys<T, K extends readonly string[]> = [Exclude<keyof T & string, K[number]>] extends [never]
  ? unknown
  : { 'missing option keys': Exclude<keyof T & string, K[number]> };

/**
 * Declares the known keys of an options type once, checked by the compiler against the type:
 * `optionKeys<TraceOptions>()(['limit'])`. A key the type lacks, or a key of the type left out of
 * the list, fails to compile, so the list `checkOptionKeys` reads cannot drift from the documented type.
 */
export function optionKeys<T extends object>() {
  return <const K extends readonly (keyof T & string)[]>(keys: K & MissingKeys<T, K>): readonly string[] =>
    keys;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What `checkOptionKeys` narrows to: a typed options object stays itself, anything else becomes a record. */
export type OptionsObject<T> = [T] extends [object] ? T : T & Record<string, unknown>;

/**
 * Checks that `value` is a plain object whose keys are all in `known`. Throws
 * `EdgecaseError(code)` (default `InvalidOption`) otherwise:
 * `toBeNegativelyCached() options has an unknown option "fro": expected one of status, for, got "fro". Did you mean "for"?`
 */
export function checkOptionKeys<T>(
  value: T,
  known: readonly string[],
  where: string,
  code: EdgecaseErrorCode = 'InvalidOption',
): asserts value is OptionsObject<T> {
  if (!isPlainObject(value)) {
    throw new EdgecaseError(code, `${where}: expected an options object, got ${describe(value)}.`, { value });
  }
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const suggestion = didYouMean(key, known);
    throw new EdgecaseError(
      code,
      `${where} has an unknown option ${describe(key)}: expected one of ${known.join(', ')}, got ${describe(key)}.${suggestion ? ` Did you mean ${describe(suggestion)}?` : ''}`,
      { value: key },
    );
  }
}

/**
 * Like `checkOptionKeys` but `undefined` is allowed (an optional group left out). Returns the object,
 * or an empty one, so callers can read its keys.
 */
export function checkOptionalGroup(
  value: unknown,
  known: readonly string[],
  where: string,
  code: EdgecaseErrorCode = 'InvalidOption',
): Record<string, unknown> {
  if (value === undefined) return {};
  checkOptionKeys(value, known, where, code);
  return value;
}

/** Checks that `value` is `undefined` or one of `allowed` (strings or booleans), with a did-you-mean for strings. */
export function checkOneOf<T extends string | boolean>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  code: EdgecaseErrorCode = 'InvalidOption',
): T | undefined {
  if (value === undefined || (allowed as readonly unknown[]).includes(value)) return value as T | undefined;
  const suggestion =
    typeof value === 'string'
      ? didYouMean(
          value,
          allowed.filter((a): a is T & string => typeof a === 'string'),
        )
      : undefined;
  throw new EdgecaseError(
    code,
    `${where}: expected ${allowed.map((a) => describe(a)).join(' or ')}, got ${describe(value)}.${suggestion ? ` Did you mean ${describe(suggestion)}?` : ''}`,
    { value },
  );
}
