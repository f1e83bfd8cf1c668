import { describe, expect, it } from 'vitest';
import { type CacheEntry, headerMapOf } from '../cache/cache-entry.js';
import type { Exchange, TierResult } from '../tiers/exchange.js';
import { answer } from './edge-answer.js';
import type { ViewerRequest } from './viewer-request.js';

const ex = {
  settings: { hasCustomErrorResponse: () => false },
  behavior: { cachePolicy: { cookies: { behavior: 'none' } } },
  key: 'k',
} as unknown as Exchange;
const request = { method: 'GET', headers: {} } as unknown as ViewerRequest;

describe('answer', () => {
  it('sends the headers the tier served, even when the entry was renewed since (reliability item 3)', async () => {
    const served = { 'cache-control': 'max-age=10, stale-while-revalidate=60', etag: '"1"' };
    const entry = { headers: served } as unknown as CacheEntry;
    const result: TierResult = {
      status: 200,
      headers: served,
      body: new Uint8Array(),
      ageMs: 15_000,
      entry,
      outcomes: [{ tier: 'edge', node: 'IAD89-C1', outcome: 'stale-while-revalidate' }],
      servedFrom: 'edge',
      collapsible: true,
    };
    // A background 304 renews the entry before the foreground answer is built.
    entry.headers = { 'cache-control': 'max-age=300', etag: '"1"' };
    entry.viewerHeaders = undefined;
    const sent = await answer(ex, result, request, async () => result);
    expect(headerMapOf(sent.headers)['cache-control']).toBe('max-age=10, stale-while-revalidate=60');
    expect(sent.ageSeconds).toBe(15);
  });
});
