import type { ReplayHint } from './explore.js';

export interface ExplorationFailureDetails {
  /** The seed fast-check explored from; with `path`, it replays this run. */
  seed: number;
  /** The shrunk run's place among the seed's runs: `'5:0:1'`. */
  path: string;
  /** Runs made before the first failure. */
  runs: number;
  /** How many smaller failing runs shrinking went through. */
  shrinks: number;
  /** Viewer requests in the shrunk run. */
  requests: number;
  /** What each draw of the shrunk run gave, in order. */
  draws: readonly string[];
  /** The shrunk run's trace as a timeline (t+0s is the start of the run). */
  timeline: string;
  /** Whether running the counterexample again failed again (it should: runs depend only on their draws). */
  reproduced: boolean;
  /** What the shrunk run threw. */
  error: unknown;
  hint: ReplayHint;
}

/**
 * A property explored by `test.explore` (or the `explore` fixture) failed: the shrunk counterexample,
 * as draws and a timeline, with the seed and path that replay it.
 */
export class ExplorationFailure extends Error {
  override readonly name = 'ExplorationFailure';
  readonly seed: number;
  readonly path: string;
  readonly runs: number;
  readonly shrinks: number;
  readonly requests: number;
  readonly draws: readonly string[];
  readonly timeline: string;
  readonly reproduced: boolean;
  /** `EDGECASE_SEED=<seed>:<path>`, the one line that replays the counterexample. */
  readonly replay: string;

  constructor(details: ExplorationFailureDetails) {
    const replay = `EDGECASE_SEED=${details.seed}:${details.path}`;
    super(message(details, replay), { cause: details.error });
    this.seed = details.seed;
    this.path = details.path;
    this.runs = details.runs;
    this.shrinks = details.shrinks;
    this.requests = details.requests;
    this.draws = details.draws;
    this.timeline = details.timeline;
    this.reproduced = details.reproduced;
    this.replay = replay;
  }
}

function message(d: ExplorationFailureDetails, replay: string): string {
  const { file, name } = d.hint;
  const command = [
    `${replay} npx vitest run`,
    ...(file ? [file] : []),
    ...(name ? ['-t', shellQuote(escapeRegExp(name))] : []),
  ].join(' ');
  const indent = (text: string) => text.replace(/^/gm, '  ');
  return [
    `explore: run ${d.runs} of the exploration failed; shrunk ${d.shrinks} time${d.shrinks === 1 ? '' : 's'} to a run of ${d.requests} request${d.requests === 1 ? '' : 's'}.`,
    indent(errorText(d.error)),
    '',
    'Draws:',
    indent(d.draws.length > 0 ? d.draws.join('\n') : '(none but routing, in the timeline)'),
    '',
    'Timeline of the shrunk run:',
    indent(d.timeline),
    '',
    `Seed ${d.seed}, path ${d.path}. Replay it:`,
    `  ${command}`,
    `  or the option { seed: ${d.seed}, path: '${d.path}' }`,
    ...(d.reproduced
      ? []
      : [
          '',
          'Running it again passed: the run depends on something besides its draws (real time, Math.random, state left by another run).',
        ]),
  ].join('\n');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split('\n').slice(0, 12).join('\n');
  return String(error);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
