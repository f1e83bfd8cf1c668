// The example packages/cdn/README.md shows (its `readme` region), run by test/readme.spec.ts.
// #region readme
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';

const clock = new ManualClock(); // starts at 2026-01-01T00:00:00Z, moves only when told
const bucket = memoryOrigin({ clock }); // an S3 bucket in memory (MD5 ETags, 403/404, 304s...)
const cdn = createCdn({ clock, origin: bucket }); // 2 POPs x 4 servers, one regional cache

await bucket.put('app.js', 'v1', { cacheControl: 'max-age=60' });
const first = await cdn.fetch('/app.js'); // a WHATWG Response, as CloudFront would answer
const xCache = first.headers.get('x-cache'); // 'Miss from cloudfront'

await bucket.put('app.js', 'v2', { cacheControl: 'max-age=60' });
const edges = cdn.inspect('/app.js').edges; // what each edge server would serve now (v1), read-only
await clock.advance('61s'); // the copy expires; no real waiting
const second = await (await cdn.fetch('/app.js')).text(); // 'v2'

// #endregion

export { edges, second, xCache };
