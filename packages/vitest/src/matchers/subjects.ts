import { type Cdn, EdgecaseError, type Invalidation } from '@edgecase/cdn';
import { currentCdn } from '../current.js';
import { describeValue } from '../describe-value.js';

/** A path of a named distribution, for matchers: `onCdn(cdn, '/a.png')`. */
export interface CdnPath {
  readonly kind: 'edgecase:path';
  readonly cdn: Cdn;
  /** `/a.png`, optionally with `?query`. */
  readonly path: string;
}

/** An invalidation of a named distribution, for matchers: `onCdn(cdn, invalidation)`. */
export interface CdnInvalidation {
  readonly kind: 'edgecase:invalidation';
  readonly cdn: Cdn;
  readonly invalidation: Invalidation;
}

/** What the path matchers take: a path resolved against the test's `cdn` fixture, or `onCdn(...)`. */
export type PathSubject = string | CdnPath;
/** What the invalidation matchers take: an invalidation of the test's `cdn`, or `onCdn(...)`. */
export type InvalidationSubject = Invalidation | CdnInvalidation;

/**
 * Names the distribution a matcher subject belongs to. Plain paths and invalidations are resolved
 * against the running test's `cdn` fixture; use `onCdn` for any other `Cdn` (or in concurrent tests).
 */
export function onCdn(cdn: Cdn, path: string): CdnPath;
export function onCdn(cdn: Cdn, invalidation: Invalidation): CdnInvalidation;
export function onCdn(cdn: Cdn, subject: string | Invalidation): CdnPath | CdnInvalidation {
  if (!isCdn(cdn)) {
    throw new EdgecaseError(
      'InvalidOption',
      `onCdn: expected a Cdn from createCdn, got ${describeValue(cdn)}.`,
      {
        value: cdn,
      },
    );
  }
  if (typeof subject === 'string') return { kind: 'edgecase:path', cdn, path: pathOf(cdn, subject, 'onCdn') };
  if (isInvalidation(subject)) {
    checkOwnInvalidation(cdn, subject, 'onCdn');
    return { kind: 'edgecase:invalidation', cdn, invalidation: subject };
  }
  throw new EdgecaseError(
    'InvalidOption',
    `onCdn: expected a path such as '/a.png' or an Invalidation, got ${describeValue(subject)}.`,
    { value: subject },
  );
}

export function resolveResponse(received: unknown, matcher: string): Response {
  if (received instanceof Response) return received;
  const hint =
    received instanceof Promise
      ? 'Await the fetch first: `const response = await fetch(url)`.'
      : typeof received === 'string' || isCdnPath(received)
        ? 'This matcher reads one response; the path matchers (toServeOneVersion, ...) read the distribution.'
        : undefined;
  throw new EdgecaseError(
    'InvalidOption',
    `${matcher}: expected a Response (from fetch or cdn.fetch), got ${describeValue(received)}.`,
    { value: received, ...(hint ? { hint } : {}) },
  );
}

export function resolvePath(received: unknown, matcher: string): { cdn: Cdn; path: string } {
  if (isCdnPath(received)) return { cdn: received.cdn, path: received.path };
  if (typeof received === 'string') {
    const cdn = currentCdn(matcher);
    return { cdn, path: pathOf(cdn, received, matcher) };
  }
  throw new EdgecaseError(
    'InvalidOption',
    `${matcher}: expected a path of the distribution ('/a.png', a URL of its domain, or onCdn(cdn, '/a.png')), got ${describeValue(received)}.`,
    {
      value: received,
      ...(received instanceof Response
        ? {
            hint: 'This matcher reads the distribution; the Response matchers (toHaveCacheResult, ...) read one response.',
          }
        : {}),
    },
  );
}

export function resolveInvalidation(
  received: unknown,
  matcher: string,
): { cdn: Cdn; invalidation: Invalidation } {
  if (isCdnInvalidation(received)) return { cdn: received.cdn, invalidation: received.invalidation };
  if (isInvalidation(received)) {
    const cdn = currentCdn(matcher);
    checkOwnInvalidation(cdn, received, matcher);
    return { cdn, invalidation: received };
  }
  throw new EdgecaseError(
    'InvalidOption',
    `${matcher}: expected an Invalidation from cdn.createInvalidation, got ${describeValue(received)}.`,
    { value: received },
  );
}

/** Normalizes `/a.png?x=1` or `https://<domain>/a.png` to a path with its query; rejects other hosts. */
export function pathOf(cdn: Cdn, input: string, what: string): string {
  if (input.startsWith('/')) {
    const url = new URL(input, `https://${cdn.distribution.domainName}`);
    return url.pathname + url.search;
  }
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {
    url = undefined;
  }
  const hosts = [cdn.distribution.domainName, ...cdn.distribution.aliases].map((h) => h.toLowerCase());
  if (url && hosts.includes(url.hostname.toLowerCase())) return url.pathname + url.search;
  throw new EdgecaseError(
    'InvalidUrl',
    `${what}: expected a path of this distribution, got ${JSON.stringify(input)}.`,
    {
      value: input,
      hint: `Give a path such as '/a.png' or a URL of ${hosts.join(', ')}.`,
    },
  );
}

function checkOwnInvalidation(cdn: Cdn, invalidation: Invalidation, what: string): void {
  const own = cdn.listInvalidations().includes(invalidation);
  if (!own) {
    throw new EdgecaseError(
      'InvalidOption',
      `${what}: invalidation ${invalidation.id} was not created by this distribution.`,
      { value: invalidation.id, hint: 'Name its distribution: onCdn(otherCdn, invalidation).' },
    );
  }
}

export function isCdn(value: unknown): value is Cdn {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Cdn).inspect === 'function' &&
    typeof (value as Cdn).fetch === 'function' &&
    typeof (value as Cdn).trace === 'object'
  );
}

function isCdnPath(value: unknown): value is CdnPath {
  return typeof value === 'object' && value !== null && (value as CdnPath).kind === 'edgecase:path';
}

function isCdnInvalidation(value: unknown): value is CdnInvalidation {
  return (
    typeof value === 'object' && value !== null && (value as CdnInvalidation).kind === 'edgecase:invalidation'
  );
}

function isInvalidation(value: unknown): value is Invalidation {
  const v = value as Invalidation;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof v.id === 'string' &&
    Array.isArray(v.paths) &&
    typeof v.completesAtMs === 'number' &&
    typeof v.reachedAtMs?.get === 'function'
  );
}
