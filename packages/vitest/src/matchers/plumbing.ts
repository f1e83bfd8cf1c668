import { type Cdn, formatMs, formatTimeline, type TraceRecord } from '@edgecase/cdn';
import type { MatcherResult as ExpectationResult, MatcherState } from 'vitest';
import { guardAwaited } from '../awaited-guard.js';
import { timelineStart } from '../current.js';

/** What a matcher found. Everything textual is lazy: it is built only when a message is shown. */
export interface Verdict {
  pass: boolean;
  /**
   * What is actually so, phrased to follow "but": "SFO5-C1 would serve a cached 404 until t+10s".
   * Called with the verdict's own `pass`, so one function can describe both outcomes.
   */
  found: () => string;
  /** More lines: per server, the rule that set the TTL... */
  details?: () => readonly string[];
  /** For Vitest's diff. */
  actual?: unknown;
  expected?: unknown;
  /** The distribution and paths whose timeline explains the verdict. */
  timeline?: { cdn: Cdn; paths: readonly string[] };
}

export interface MatcherSpec<S, A extends unknown[]> {
  name: string;
  /** Turns the received value into the subject, or throws a typed misuse error. */
  subject(received: unknown, name: string): S;
  /** How the subject is named in messages: `/a.png`, `the response (SFO5-C1, Hit)`. */
  label(subject: S): string;
  /** The assertion after "to": `be negatively cached`. Validates the arguments (misuse throws). */
  expectation(subject: S, args: A): string;
  evaluate(subject: S, args: A): Verdict | Promise<Verdict>;
}

type RawMatcher = (this: MatcherState, received: unknown, ...args: unknown[]) => ExpectationResult;

/**
 * The one plumbing function every edgecase matcher goes through: resolve the subject (misuse
 * throws, also under `.not`), validate the arguments, evaluate, and return a result whose message is
 * built lazily. `pass` is never flipped for `.not`; Vitest does that.
 */
export function defineMatcher<S, A extends unknown[]>(spec: MatcherSpec<S, A>): RawMatcher {
  return function (this: MatcherState, received: unknown, ...rawArgs: unknown[]) {
    const args = rawArgs as A;
    const subject = spec.subject(received, spec.name);
    const expectation = spec.expectation(subject, args);
    const finish = (verdict: Verdict) => ({
      pass: verdict.pass,
      message: () => message(spec.name, spec.label(subject), expectation, this.isNot, verdict),
      ...(verdict.actual !== undefined ? { actual: verdict.actual } : {}),
      ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}),
    });
    const verdict = spec.evaluate(subject, args);
    if (!(verdict instanceof Promise)) return finish(verdict);
    // An un-awaited async matcher fails its own test, saying to await it (awaited-guard.ts).
    return guardAwaited(spec.name, verdict.then(finish));
  };
}

function message(name: string, label: string, expectation: string, isNot: boolean, verdict: Verdict): string {
  const lines = [
    `${name}: expected ${label} ${isNot ? 'not ' : ''}to ${expectation}, but ${verdict.found()}.`,
  ];
  for (const line of verdict.details?.() ?? []) lines.push(`  ${line}`);
  if (verdict.timeline) {
    const { cdn, paths } = verdict.timeline;
    lines.push('', `Timeline of ${paths.join(', ')}:`, indent(timelineOf(cdn, paths)));
  }
  return lines.join('\n');
}

/** The compact timeline (formatTimeline) of the records for `paths` (a trailing `*` is a prefix). */
export function timelineOf(cdn: Cdn, paths: readonly string[]): string {
  const wanted = paths.map((p) => p.split('?')[0]!);
  const matches = (path: string) =>
    wanted.some((w) => (w.endsWith('*') ? path.startsWith(w.slice(0, -1)) : path === w));
  const records = cdn.trace.all().filter((r: TraceRecord) => matches(r.path));
  const startMs = timelineStart(cdn);
  return formatTimeline(records, { limit: 20, ...(startMs !== undefined ? { startMs } : {}) });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** `t+10s`, relative to the start of the test (as in the timeline). */
export function at(cdn: Cdn, ms: number): string {
  const start = timelineStart(cdn) ?? cdn.trace.all()[0]?.atMs ?? cdn.clock.now();
  return `t+${formatDelta(ms - start)}`;
}

/** `10s`, `1.5s`, `24h`: formatMs without its space, as the timeline prints durations. */
export function formatDelta(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  return formatMs(ms).replace(' ', '');
}
