import { describe, expect, it } from 'vitest';
import {
  CUSTOM_ERROR_CODES,
  DEFAULT_ERROR_CACHING_MIN_TTL_MS,
  resolveCustomErrorResponses,
} from './custom-error-responses.js';

describe('resolveCustomErrorResponses', () => {
  it('is empty when none are configured', () => {
    expect(resolveCustomErrorResponses(undefined).size).toBe(0);
    expect(resolveCustomErrorResponses([]).size).toBe(0);
  });

  it('accepts every code of §2 with the 10 s default', () => {
    const map = resolveCustomErrorResponses(CUSTOM_ERROR_CODES.map((errorCode) => ({ errorCode })));
    expect([...map.keys()]).toEqual([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
    for (const response of map.values())
      expect(response.errorCachingMinTtlMs).toBe(DEFAULT_ERROR_CACHING_MIN_TTL_MS);
  });

  it('keeps an explicit 0 (caching off) apart from the default', () => {
    const map = resolveCustomErrorResponses([{ errorCode: 404, errorCachingMinTTL: 0 }, { errorCode: 500 }]);
    expect(map.get(404)?.errorCachingMinTtlMs).toBe(0);
    expect(map.get(500)?.errorCachingMinTtlMs).toBe(10_000);
  });

  it('accepts a response page with its status, from 200 up to 599', () => {
    const map = resolveCustomErrorResponses([
      { errorCode: 403, responsePagePath: '/index.html', responseCode: 200, errorCachingMinTTL: '5m' },
      { errorCode: 503, responsePagePath: '/busy.html', responseCode: 599 },
    ]);
    expect(map.get(403)).toEqual({
      errorCode: 403,
      responsePagePath: '/index.html',
      responseCode: 200,
      errorCachingMinTtlMs: 300_000,
    });
    expect(map.get(503)?.responseCode).toBe(599);
  });

  it('rejects a status below 200', () => {
    expect(() =>
      resolveCustomErrorResponses([{ errorCode: 404, responsePagePath: '/a', responseCode: 199 }]),
    ).toThrow(/responseCode: expected an integer from 200 to 599, got 199/);
  });
});
