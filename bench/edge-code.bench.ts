import { type CdnOptions, createCdn, type LambdaEdgeHandler, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// The hit path with a viewer-request CloudFront Function (AWS's directory-index rewrite), and with a
// viewer-request Lambda@Edge function doing the same, against the same hit without either, in the
// same run: the difference per request is the function's cost (issue 11 aims at ≤ 5 µs for the
// CloudFront Function). Figures belong in docs/performance.md, taken on a quiet machine.
const BATCH = 1000;
const DIR_INDEX = `async function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) { request.uri += 'index.html'; }
  else if (!uri.includes('.')) { request.uri += '/index.html'; }
  return request;
}`;
// The same rewrite as a Lambda@Edge handler (Records[0].cf), as the app would deploy it.
const dirIndexLambda: LambdaEdgeHandler = async (event) => {
  const request = event.Records[0].cf.request;
  const uri = request.uri;
  if (uri.endsWith('/')) request.uri += 'index.html';
  else if (!uri.includes('.')) request.uri += '/index.html';
  return request;
};

const WITHOUT = 'without functions';
const VARIANTS: Record<string, Partial<CdnOptions>> = {
  [WITHOUT]: {},
  'with a viewer-request function': {
    defaultCacheBehavior: {
      functionAssociations: [{ eventType: 'viewer-request', function: { code: DIR_INDEX } }],
    },
  },
  'with a viewer-request Lambda@Edge function': {
    lambdas: { 'dir-index': { handler: dirIndexLambda } },
    defaultCacheBehavior: {
      lambdaFunctionAssociations: [
        {
          eventType: 'viewer-request',
          lambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:dir-index:1',
        },
      ],
    },
  },
};

test('hit path with a viewer-request function (CloudFront Function, Lambda@Edge) vs without', async ({
  bench,
}) => {
  const perRequestNs: Record<string, number> = {};
  const bestNs: Record<string, number> = {};
  for (const [label, options] of Object.entries(VARIANTS)) {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, routing: 'sticky', ...options });
    await origin.put('docs/index.html', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
    for (let i = 0; i < 20; i++) await cdn.fetch('/docs/index.html');
    const result = await bench(`cdn.fetch hit x${BATCH} ${label}`, async () => {
      for (let i = 0; i < BATCH; i++) await cdn.fetch('/docs/index.html');
    }).run();
    perRequestNs[label] = 1e9 / (result.throughput.mean * BATCH);
    bestNs[label] = (result.latency.min * 1e6) / BATCH;
    const last = cdn.trace.requests().at(-1);
    expect(last?.xCache).toBe('Hit');
    if (label !== WITHOUT) expect(last?.functions?.[0]?.eventType).toBe('viewer-request');
  }
  for (const [label, name] of [
    ['with a viewer-request function', 'viewer-request function'],
    ['with a viewer-request Lambda@Edge function', 'viewer-request Lambda@Edge function'],
  ] as const) {
    const added = (perRequestNs[label] ?? 0) - (perRequestNs[WITHOUT] ?? 0);
    const addedBest = (bestNs[label] ?? 0) - (bestNs[WITHOUT] ?? 0);
    // The fastest batch is the figure least disturbed by other work on the machine.
    console.log(
      `${name} on the hit path: +${(added / 1000).toFixed(2)} µs per request (mean), +${(addedBest / 1000).toFixed(2)} µs (fastest batch)`,
    );
  }
});
