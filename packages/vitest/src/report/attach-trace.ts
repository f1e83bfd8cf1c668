import {
  type Cdn,
  checkOptionKeys,
  EdgecaseError,
  type HtmlReportOptions,
  optionKeys,
  Trace,
} from '@edgecase/cdn';
import type { TestContext } from 'vitest';
import { describeValue } from '../describe-value.js';

/** The annotation type the trace report is attached under. */
export const TRACE_REPORT_TYPE = 'edgecase:trace';

export interface AttachTraceOptions extends HtmlReportOptions {
  /** The annotation's message. Default: "edgecase trace: 2 requests, 1 origin fetch (HTML report attached)". */
  message?: string;
}

const ATTACH_KEYS = optionKeys<AttachTraceOptions>()(['message', 'title']);

/**
 * Attaches `trace.toHtml()` (of a `Cdn` or a `Trace`) to the running test through Vitest's
 * annotation API, so Vitest's HTML reporter and UI open it beside the failure. The `cdn` fixture calls
 * it when its test fails; the explorer calls it with its counterexample's trace. `annotate` is the
 * test context's (`({ annotate }) => ...`, or the context `onTestFailed` passes).
 */
export async function attachTraceReport(
  annotate: TestContext['annotate'],
  source: Cdn | Trace,
  options: AttachTraceOptions = {},
): Promise<void> {
  const trace = source instanceof Trace ? source : (source as Partial<Cdn> | null)?.trace;
  if (typeof annotate !== 'function' || !(trace instanceof Trace)) {
    throw new EdgecaseError(
      'InvalidOption',
      `attachTraceReport: expected the test context's annotate and a Cdn or Trace, got ${describeValue(typeof annotate === 'function' ? source : annotate)}.`,
      { hint: 'attachTraceReport(context.annotate, cdn) inside a test, a fixture or an onTestFailed hook.' },
    );
  }
  checkOptionKeys(options, ATTACH_KEYS, 'attachTraceReport options');
  const { message, ...html } = options;
  if (message !== undefined && typeof message !== 'string') {
    throw new EdgecaseError(
      'InvalidOption',
      `attachTraceReport message: expected a string, got ${describeValue(message)}.`,
      {
        value: message,
      },
    );
  }
  const body = new TextEncoder().encode(trace.toHtml(html)); // validates the HTML options first
  const requests = trace.requests().length;
  const origins = trace.originFetches().length;
  await annotate(
    message ??
      `edgecase trace: ${requests} request${requests === 1 ? '' : 's'}, ${origins} origin fetch${origins === 1 ? '' : 'es'} (HTML report attached)`,
    TRACE_REPORT_TYPE,
    { body, contentType: 'text/html' },
  );
}

/**
 * `attachTraceReport` from an `onTestFailed` hook. Vitest 5.1's `annotate` refuses a test whose state
 * is no longer "run" ("Cannot annotate tests outside of the test run", vitest/dist/chunks/run.*.js),
 * and `onTestFailed` hooks run after the state became "fail"; its `recordArtifact`, which does accept
 * a finished test, is not shown by the UI or the HTML reporter for custom types. So the report is
 * annotated with the state set back to "run" for the duration of the call, then restored; the
 * test/integration/trace-report suite pins that this still yields an annotation.
 */
export async function attachTraceReportOnFailure(
  context: Pick<TestContext, 'annotate' | 'task'>,
  source: Cdn | Trace,
  options: AttachTraceOptions = {},
): Promise<void> {
  const result = context.task.result as { state: string } | undefined;
  const state = result?.state;
  if (result && state === 'fail') result.state = 'run';
  try {
    await attachTraceReport(context.annotate, source, options);
  } finally {
    if (result && state !== undefined) result.state = state;
  }
}
