// The bad-input table (issue "Correct under any sequence", What to build 3): wrong input to the public
// API of all four packages, imported by their public names. Each row must give the typed error a user
// sees: an EdgecaseError with its code and an "expected X, got Y" message naming the value received.
// Zero TypeErrors, zero silent acceptances. Messages are pinned in __snapshots__/bad-input.test.ts.snap.
import { fileURLToPath } from 'node:url';
import { EdgecaseError } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { clockRows } from './bad-input/clock-rows.js';
import { createCdnRows } from './bad-input/create-cdn-rows.js';
import { distributionRows } from './bad-input/distribution-rows.js';
import { edgeCodeRows, signingRows } from './bad-input/edge-code-rows.js';
import { lambdaEdgeRows } from './bad-input/lambda-edge-rows.js';
import { originRows } from './bad-input/origin-rows.js';
import { packageRows } from './bad-input/package-rows.js';
import { requestRows } from './bad-input/request-rows.js';
import type { Row } from './bad-input/row.js';

/** The checkout's own directory, which messages about files name: `<root>` in the snapshots. */
const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

const rows: readonly Row[] = [
  ...createCdnRows,
  ...distributionRows,
  ...edgeCodeRows,
  ...lambdaEdgeRows,
  ...signingRows,
  ...requestRows,
  ...clockRows,
  ...originRows,
  ...packageRows,
];

/** Runs a row, awaiting it when it returns a promise, and returns what it threw or rejected with. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('bad input to the public API', () => {
  it('has at least 150 rows, each named once', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const error = await failure(row.run);
    if (error === undefined) throw new Error(`accepted silently: ${row.name}`);
    expect(error).toBeInstanceOf(row.errorClass ?? EdgecaseError);
    const { code, name, message } = error as { code?: string; name: string; message: string };
    expect(row.errorClass ? name : code).toBe(row.code);
    if (!row.errorClass) expect(message).toMatch(/expected [\s\S]+, got /);
    expect(message).toContain(row.shows);
    // Known-option lists grow as options are added; misspelt-options.test.ts checks they name the one meant.
    expect(
      message
        .replace(/(unknown option "[^"]*": expected one of ).*?(, got ")/, '$1…$2')
        .replaceAll(root, '<root>'),
    ).toMatchSnapshot();
  });
});
