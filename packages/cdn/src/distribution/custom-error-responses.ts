import { invalid } from '../errors.js';
import { checkArray, checkInteger, checkKeys, checkObject } from '../options/checks.js';
import type { CustomErrorResponseOptions, ResolvedCustomErrorResponse } from '../options/config-types.js';
import { ttlInputToMs } from '../policy/ttl-input.js';

const CODE = 'InvalidOption';

/**
 * How long an error is cached when its code has no custom error response, or one without
 * `errorCachingMinTTL`: 10 s. §2 CFDG custom-error-pages-expiration (older material said 5 minutes).
 */
export const DEFAULT_ERROR_CACHING_MIN_TTL_MS = 10_000;

// §2 CFDG GeneratingCustomErrorResponses [2023 snapshot]: the codes a custom error response can be set for.
export const CUSTOM_ERROR_CODES: readonly number[] = Object.freeze([
  400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504,
]);

const KEYS = ['errorCode', 'responsePagePath', 'responseCode', 'errorCachingMinTTL'];

/** Resolves `customErrorResponses` into a map by error code; each code may appear once. */
export function resolveCustomErrorResponses(input: unknown): Map<number, ResolvedCustomErrorResponse> {
  const resolved = new Map<number, ResolvedCustomErrorResponse>();
  if (input === undefined) return resolved;
  const list = checkArray(input, CODE, 'customErrorResponses');
  list.forEach((entry, i) => {
    const what = `customErrorResponses[${i}]`;
    const response = resolveOne(entry, what);
    if (resolved.has(response.errorCode)) {
      invalid(CODE, `${what}.errorCode`, 'each error code at most once', response.errorCode);
    }
    resolved.set(response.errorCode, response);
  });
  return resolved;
}

function resolveOne(entry: unknown, what: string): ResolvedCustomErrorResponse {
  checkObject(entry, CODE, what);
  checkKeys(entry, KEYS, CODE, what);
  const options = entry as unknown as CustomErrorResponseOptions;
  const errorCode = options.errorCode;
  if (!CUSTOM_ERROR_CODES.includes(errorCode)) {
    invalid(CODE, `${what}.errorCode`, `one of ${CUSTOM_ERROR_CODES.join(', ')}`, errorCode);
  }
  const { responsePagePath, responseCode } = options;
  // CloudFront's CustomErrorResponse: ResponsePagePath and ResponseCode are given together or not at all.
  if ((responsePagePath === undefined) !== (responseCode === undefined)) {
    invalid(
      CODE,
      what,
      'responsePagePath and responseCode together, or neither',
      { responsePagePath, responseCode },
      'For a single-page app use { errorCode: 403, responsePagePath: "/index.html", responseCode: 200 }.',
    );
  }
  if (
    responsePagePath !== undefined &&
    (typeof responsePagePath !== 'string' || !responsePagePath.startsWith('/'))
  ) {
    invalid(
      CODE,
      `${what}.responsePagePath`,
      'a path starting with "/", e.g. "/errors/404.html"',
      responsePagePath,
    );
  }
  if (responseCode !== undefined) checkInteger(responseCode, 200, 599, CODE, `${what}.responseCode`);
  const errorCachingMinTtlMs =
    options.errorCachingMinTTL === undefined
      ? DEFAULT_ERROR_CACHING_MIN_TTL_MS
      : ttlInputToMs(options.errorCachingMinTTL, `${what}.errorCachingMinTTL`, CODE);
  return Object.freeze({ errorCode, responsePagePath, responseCode, errorCachingMinTtlMs });
}
