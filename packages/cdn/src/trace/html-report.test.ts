import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { Trace, type TraceRequest } from './trace.js';

const HOSTILE = `/<script>alert("x")</script>'&<img src=x onerror=alert(1)>`;

describe('trace.toHtml', () => {
  it('renders a row per node the trace touched, a mark per request and origin fetch, TTL bars, invalidations and statistics', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    await origin.put('a.txt', 'v1');
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 });
    await cdn.fetch('/missing', { pop: 'IAD89', server: 1 });
    cdn.createInvalidation(['/a.txt']);
    const html = cdn.trace.toHtml({ title: 'deploy' });
    const count = (re: RegExp) => html.match(re)?.length ?? 0;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>deploy</title>');
    expect(count(/<div class="row /g)).toBe(5); // IAD89-C1, SFO5-C1, SFO5-C2, REC-us-east-1, origin
    expect(count(/class="mark req /g)).toBe(3);
    expect(count(/class="mark origin"/g)).toBe(2);
    expect(count(/class="bar ttl"/g)).toBeGreaterThanOrEqual(3);
    expect(count(/class="bar error-ttl"/g)).toBeGreaterThanOrEqual(1);
    expect(count(/class="inv"/g)).toBe(4); // the invalidation reached every node with a row
    expect(html).toContain('X-Cache: Miss from cloudfront');
    expect(html).toContain('id="stats"');
    expect(html).toContain('Prices as of');
    expect(html).not.toMatch(/https?:\/\/(?!aws\.amazon\.com|docs\.aws\.amazon\.com)/); // nothing to fetch
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
  });

  it('escapes everything that comes from the trace: paths, viewers, headers', () => {
    const trace = new Trace();
    const request: TraceRequest = {
      type: 'request',
      seq: trace.nextSeq(),
      atMs: 0,
      id: 'id"><script>',
      viewer: '<b>viewer</b>',
      method: 'GET',
      url: `https://x${HOSTILE}`,
      path: HOSTILE,
      pop: 'SFO5"><script>alert(2)</script>',
      region: 'us-east-1',
      server: 1,
      node: '<svg onload=alert(3)>',
      behavior: HOSTILE,
      cacheKey: HOSTILE,
      status: 200,
      xCache: 'Hit"><script>',
      servedFrom: 'edge',
      tiers: [],
      etag: '"</script><script>alert(4)</script>"',
      ageSeconds: 0,
      bytes: 1,
    };
    trace.add(request);
    const html = trace.toHtml({ title: '</title><script>alert(5)</script>' });
    expect(html.match(/<script>/g)).toHaveLength(1); // the report's own
    expect(html).not.toMatch(/<(svg|img|b)\b/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;');
    expect(html).toContain('&lt;svg onload=alert(3)&gt;');
  });

  it('says when the ring dropped records', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, trace: { limit: 2 } });
    for (let i = 0; i < 3; i++) await cdn.fetch('/none', { pop: 'SFO5', server: 1 });
    expect(cdn.trace.toHtml()).toMatch(/role="alert">The trace dropped \d+ records/);
  });

  it('rejects unknown options', () => {
    // @ts-expect-error a typo
    expect(() => new Trace().toHtml({ titel: 'x' })).toThrow(/Did you mean "title"/);
  });
});
