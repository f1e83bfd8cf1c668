// docs/fidelity.md's DistributionConfig field table is generated from the one table in code
// (DISTRIBUTION_FIELDS): this test fails when they differ. To regenerate the doc:
//   EDGECASE_UPDATE_DOCS=1 npx vitest run --project integration test/docs/field-table.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { DISTRIBUTION_FIELDS, type FieldTable } from '@edgecase/cdn';
import { expect, it } from 'vitest';

const DOC = new URL('../../docs/fidelity.md', import.meta.url);
const START =
  '<!-- field-table:start (generated from DISTRIBUTION_FIELDS by test/docs/field-table.test.ts) -->';
const END = '<!-- field-table:end -->';

function rows(table: FieldTable, prefix: string): string[] {
  return Object.entries(table).flatMap(([key, rule]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const when =
      rule.class !== 'not-modelled'
        ? ''
        : rule.defaultMode === 'warn'
          ? "accepted with one warning by default (`'warn'`)"
          : '`UnmodelledFeature` by default';
    const own =
      key === 'Quantity' || (key === 'Items' && !rule.children)
        ? []
        : [`| \`${path}\` | ${rule.class} | ${rule.note} | ${when} |`];
    const nested = rule.children ? rows(rule.children, key === 'Items' ? `${path}[]` : path) : [];
    return [...own, ...nested];
  });
}

function generated(): string {
  return [
    START,
    '| Field (of `DistributionConfig`) | Class | What it does, or would change for a viewer | When a config uses it |',
    '| --- | --- | --- | --- |',
    ...rows(DISTRIBUTION_FIELDS, ''),
    END,
  ].join('\n');
}

it('docs/fidelity.md lists every DistributionConfig field as the code classifies it', () => {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start, 'docs/fidelity.md has the generated field table markers').toBeGreaterThanOrEqual(0);
  const current = doc.slice(start, end + END.length);
  if (process.env.EDGECASE_UPDATE_DOCS === '1' && current !== generated()) {
    writeFileSync(DOC, doc.replace(current, generated()));
    return;
  }
  expect(current).toBe(generated());
});
