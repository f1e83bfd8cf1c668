import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { createCdn } from './cdn.js';

function setup(options: Parameters<typeof createCdn>[0] = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...options });
  return { clock, origin, cdn };
}

describe('Cdn#fetch basics', () => {
  it('misses, then hits on the same server, with CloudFront headers', async () => {
    const { cdn, origin } = setup();
    await origin.put('a.txt', 'hello', { contentType: 'text/plain' });
    const first = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('hello');
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(first.headers.get('x-amz-cf-pop')).toBe('SFO5-C2');
    expect(first.headers.get('via')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(first.headers.get('x-amz-cf-id')).toMatch(/^[A-Za-z0-9_-]{54}==$/);
    expect(first.headers.get('age')).toBeNull();
    expect(first.headers.get('etag')).toBe('"5d41402abc4b2a76b9719d911017c592"');
    const second = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 });
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(second.headers.get('age')).toBe('0');
    expect(origin.requestCount('/a.txt')).toBe(1);
  });

  it('fills the regional cache, so another server of the POP misses at the edge and hits regionally', async () => {
    const { cdn, origin } = setup();
    await origin.put('a.txt', 'hello');
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    const other = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 3 });
    // §4: a regional hit is a CloudFront cache hit, with the regional copy's Age.
    expect(other.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(other.headers.get('age')).toBe('0');
    expect(cdn.trace.requests().at(-1)).toMatchObject({
      servedFrom: 'regional',
      tiers: [{ outcome: 'miss' }, { outcome: 'hit' }],
    });
    expect(origin.requestCount('/a.txt')).toBe(1);
  });

  it('rejects URLs of other hosts with a typed error', async () => {
    const { cdn } = setup();
    await expect(cdn.fetch('https://example.com/a.txt')).rejects.toMatchObject({ code: 'InvalidUrl' });
  });

  // CFDG CNAMEs #alternate-domain-names-wildcard; found loading aws-cdk's cross-region-cert snapshot.
  it('answers for every subdomain of a wildcard alias, at any depth, not for the apex', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, aliases: ['*.example.com'] });
    await origin.put('a.txt', 'x');
    for (const host of ['www.example.com', 'marketing.product-name.example.com'])
      expect((await cdn.fetch(`https://${host}/a.txt`)).status).toBe(200);
    await expect(cdn.fetch('https://example.com/a.txt')).rejects.toMatchObject({ code: 'InvalidUrl' });
    await expect(cdn.fetch('https://www.example.org/a.txt')).rejects.toMatchObject({ code: 'InvalidUrl' });
  });
});
