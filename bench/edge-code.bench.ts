import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// The hit path with a viewer-request CloudFront Function (AWS's directory-index rewrite) against the
// same hit without one, in the same run: the difference per request is the function's cost (issue 11
// aims at ≤ 5 µs). Figures belong in docs/performance.md, taken on a quiet machine.
const BATCH = 1000;
const DIR_INDEX = `async function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) { request.uri += 'index.html'; }
  else if (!uri.includes('.')) { request.uri += '/index.html'; }
  return request;
}`;

test('hit path with a viewer-request function vs without', async ({ bench }) => {
  const perRequestNs: Record<string, number> = {};
  const bestNs: Record<string, number> = {};
  for (const withFunction of [false, true]) {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      routing: 'sticky',
      ...(withFunction
        ? {
            defaultCacheBehavior: {
              functionAssociations: [{ eventType: 'viewer-request' as const, function: { code: DIR_INDEX } }],
            },
          }
        : {}),
    });
    await origin.put('docs/index.html', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
    for (let i = 0; i < 20; i++) await cdn.fetch('/docs/index.html');
    const label = withFunction ? 'with a viewer-request function' : 'without functions';
    const result = await bench(`cdn.fetch hit x${BATCH} ${label}`, async () => {
      for (let i = 0; i < BATCH; i++) await cdn.fetch('/docs/index.html');
    }).run();
    perRequestNs[label] = 1e9 / (result.throughput.mean * BATCH);
    bestNs[label] = (result.latency.min * 1e6) / BATCH;
    expect(cdn.trace.requests().at(-1)?.xCache).toBe('Hit');
  }
  const added =
    (perRequestNs['with a viewer-request function'] ?? 0) - (perRequestNs['without functions'] ?? 0);
  const addedBest = (bestNs['with a viewer-request function'] ?? 0) - (bestNs['without functions'] ?? 0);
  // The fastest batch is the figure least disturbed by other work on the machine.
  console.log(
    `viewer-request function on the hit path: +${(added / 1000).toFixed(2)} µs per request (mean), +${(addedBest / 1000).toFixed(2)} µs (fastest batch)`,
  );
});
