import { isIP } from 'node:net';
import { invalid } from '../errors.js';
import { checkOptionKeys } from '../options/strict-keys.js';

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
  /**
   * Where CloudFront's IP database places the viewer beyond its country: each value is the
   * `CloudFront-Viewer-*` header a cache or origin request policy asks for. Left out, the header is
   * not sent, as for an address CloudFront cannot place.
   */
  location?: ViewerLocation;
  /** `CloudFront-Viewer-ASN`: the autonomous system number of the viewer's network, e.g. `16509`. */
  asn?: number;
}

/** §14 adding-cloudfront-headers: the viewer location headers, by value. */
export interface ViewerLocation {
  /** `CloudFront-Viewer-City`, e.g. `'Seattle'`. */
  city?: string;
  /** `CloudFront-Viewer-Country-Name`; default: the English name of `country` (e.g. `'France'`). */
  countryName?: string;
  /** `CloudFront-Viewer-Country-Region`: the first-level ISO 3166-2 subdivision code, e.g. `'WA'`. */
  region?: string;
  /** `CloudFront-Viewer-Country-Region-Name`, e.g. `'Washington'`. */
  regionName?: string;
  /** `CloudFront-Viewer-Postal-Code`, e.g. `'98101'`. */
  postalCode?: string;
  /** `CloudFront-Viewer-Time-Zone`, an IANA zone, e.g. `'America/Los_Angeles'`. */
  timeZone?: string;
  /** `CloudFront-Viewer-Latitude`, e.g. `47.6062`. */
  latitude?: number;
  /** `CloudFront-Viewer-Longitude`, e.g. `-122.3321`. */
  longitude?: number;
  /** `CloudFront-Viewer-Metro-Code` (United States only), e.g. `'819'`. */
  metroCode?: string;
}

/** The attributes a request was made with, defaults filled in. */
export interface ViewerIdentity {
  readonly name: string;
  readonly country: string | undefined;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly location: Readonly<ViewerLocation> | undefined;
  readonly asn: number | undefined;
}

export const VIEWER_ATTRIBUTE_KEYS = ['country', 'ip', 'userAgent', 'location', 'asn'] as const;

const LOCATION_KEYS = [
  'city',
  'countryName',
  'region',
  'regionName',
  'postalCode',
  'timeZone',
  'latitude',
  'longitude',
  'metroCode',
] as const;

/** Whether `init` sets any viewer attribute. */
export function hasViewerAttributes(init: ViewerAttributes): boolean {
  // Each of VIEWER_ATTRIBUTE_KEYS, written out: on every `cdn.fetch` with an init, where a loop over
  // the keys cost ~0.1 µs against ~0.01 µs (viewer-attributes.test.ts checks the two agree).
  return (
    init.country !== undefined ||
    init.ip !== undefined ||
    init.userAgent !== undefined ||
    init.location !== undefined ||
    init.asn !== undefined
  );
}

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
  if (input.location !== undefined) out.location = checkLocation(input.location, `${what}.location`);
  if (input.asn !== undefined) {
    const asn = input.asn;
    if (typeof asn !== 'number' || !Number.isInteger(asn) || asn < 1 || asn > 4_294_967_295)
      invalid(
        'InvalidOption',
        `${what}.asn`,
        'an autonomous system number from 1 to 4294967295, e.g. 16509',
        asn,
      );
    out.asn = asn;
  }
  return out;
}

function checkLocation(location: ViewerLocation, what: string): Readonly<ViewerLocation> {
  if (typeof location !== 'object' || location === null || Array.isArray(location))
    invalid('InvalidOption', what, "an object such as { city: 'Paris', timeZone: 'Europe/Paris' }", location);
  checkOptionKeys(location, LOCATION_KEYS, what);
  const out: { -readonly [K in keyof ViewerLocation]: ViewerLocation[K] } = {};
  for (const key of LOCATION_KEYS) {
    const value = location[key];
    if (value === undefined) continue;
    if (key === 'latitude' || key === 'longitude') {
      const limit = key === 'latitude' ? 90 : 180;
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit)
        invalid('InvalidOption', `${what}.${key}`, `a number from -${limit} to ${limit}`, value);
      out[key] = value;
    } else {
      if (typeof value !== 'string' || value === '' || /[\r\n\0]/.test(value))
        invalid('InvalidOption', `${what}.${key}`, 'a non-empty string without CR, LF or NUL', value);
      out[key] = value;
    }
  }
  return Object.freeze(out);
}

const ANONYMOUS: ViewerIdentity = Object.freeze({
  name: 'anonymous',
  country: undefined,
  ip: DEFAULT_VIEWER_IP,
  userAgent: undefined,
  location: undefined,
  asn: undefined,
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
    location: request?.location ?? named?.location,
    asn: request?.asn ?? named?.asn,
  };
}

/** The identity `inspect` and the other non-request paths use. */
export const anonymousViewer: ViewerIdentity = ANONYMOUS;
