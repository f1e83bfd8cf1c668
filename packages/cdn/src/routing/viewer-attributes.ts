import { isIP } from 'node:net';
import { invalid } from '../errors.js';

/**
 * Who the viewer is, as CloudFront sees it: the country its IP address maps to, the address, and
 * its browser. The same three keys go on a named viewer (`cdn.viewer('alice', { country: 'FR' })`)
 * and on one request (`cdn.fetch('/a', { country: 'DE' })`, which wins over the viewer's).
 */
export interface ViewerAttributes {
  /**
   * The ISO 3166-1 alpha-2 code CloudFront's IP database gives the viewer, e.g. `'FR'`. Default:
   * unknown, which a geo restriction lets through (§14 georestrictions: "content is served").
   */
  country?: string;
  /** The viewer's IP address (v4 or v6). Default `'192.0.2.1'` (RFC 5737 documentation range). */
  ip?: string;
  /** Sent as `User-Agent` on requests that carry none. Default: no User-Agent header. */
  userAgent?: string;
}

/** The attributes a request was made with, defaults filled in. */
export interface ViewerIdentity {
  readonly name: string;
  readonly country: string | undefined;
  readonly ip: string;
  readonly userAgent: string | undefined;
}

export const VIEWER_ATTRIBUTE_KEYS = ['country', 'ip', 'userAgent'] as const;

/** The address a viewer has when none is given (RFC 5737 TEST-NET-1). */
export const DEFAULT_VIEWER_IP = '192.0.2.1';

const COUNTRY = /^[A-Z]{2}$/;

/** Checks the attributes `what` names (e.g. `cdn.viewer() options`); returns only those given. */
export function checkViewerAttributes(input: ViewerAttributes, what: string): ViewerAttributes {
  const out: { -readonly [K in keyof ViewerAttributes]: ViewerAttributes[K] } = {};
  const { country, ip, userAgent } = input;
  if (country !== undefined) {
    if (typeof country !== 'string' || !COUNTRY.test(country)) {
      const hint =
        typeof country === 'string' && COUNTRY.test(country.toUpperCase())
          ? `Write it in capitals: '${country.toUpperCase()}'.`
          : undefined;
      invalid('InvalidOption', `${what}.country`, "an ISO 3166-1 alpha-2 code such as 'FR'", country, hint);
    }
    out.country = country;
  }
  if (ip !== undefined) {
    if (typeof ip !== 'string' || isIP(ip) === 0) {
      invalid('InvalidOption', `${what}.ip`, "an IPv4 or IPv6 address such as '203.0.113.7'", ip);
    }
    out.ip = ip;
  }
  if (userAgent !== undefined) {
    if (typeof userAgent !== 'string' || userAgent === '' || /[\r\n\0]/.test(userAgent)) {
      invalid('InvalidOption', `${what}.userAgent`, 'a User-Agent string without CR, LF or NUL', userAgent);
    }
    out.userAgent = userAgent;
  }
  return out;
}

const ANONYMOUS: ViewerIdentity = Object.freeze({
  name: 'anonymous',
  country: undefined,
  ip: DEFAULT_VIEWER_IP,
  userAgent: undefined,
});

/** The identity of one request: its own attributes over its named viewer's, over the defaults. */
export function viewerIdentity(
  name: string,
  named: ViewerAttributes | undefined,
  request: ViewerAttributes | undefined,
): ViewerIdentity {
  if (named === undefined && request === undefined)
    return name === 'anonymous' ? ANONYMOUS : { ...ANONYMOUS, name };
  return {
    name,
    country: request?.country ?? named?.country,
    ip: request?.ip ?? named?.ip ?? DEFAULT_VIEWER_IP,
    userAgent: request?.userAgent ?? named?.userAgent,
  };
}

/** The identity `inspect` and the other non-request paths use. */
export const anonymousViewer: ViewerIdentity = ANONYMOUS;

/**
 * §14 adding-cloudfront-headers: the viewer headers CloudFront can add for the origin, by lower-case
 * name. Only the country is modelled; it is absent when the viewer's country is unknown. A cache or
 * origin request policy that names the header decides whether it is sent.
 */
export function cloudFrontViewerHeaders(viewer: ViewerIdentity): Readonly<Record<string, string>> {
  return viewer.country === undefined ? {} : { 'cloudfront-viewer-country': viewer.country };
}
