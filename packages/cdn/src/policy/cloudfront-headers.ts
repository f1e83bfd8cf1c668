import { hash32 } from '../clock/random.js';
import type { HeaderMap } from '../origin/types.js';
import type { ViewerIdentity } from '../routing/viewer-attributes.js';

/**
 * §14/§15 CFDG adding-cloudfront-headers: the headers CloudFront adds itself, from the viewer and its
 * request, when a cache policy (which also keys on them) or an origin request policy names them. A
 * value the viewer sent under such a name is replaced; the viewer's own is never forwarded.
 */

/** The CloudFront headers released up to June 2022 (Managed-AllViewerAndCloudFrontHeaders-2022-06). */
export const CLOUDFRONT_HEADERS_2022_06: readonly string[] = [
  'cloudfront-forwarded-proto',
  'cloudfront-is-android-viewer',
  'cloudfront-is-desktop-viewer',
  'cloudfront-is-ios-viewer',
  'cloudfront-is-mobile-viewer',
  'cloudfront-is-smarttv-viewer',
  'cloudfront-is-tablet-viewer',
  'cloudfront-viewer-address',
  'cloudfront-viewer-asn',
  'cloudfront-viewer-city',
  'cloudfront-viewer-country',
  'cloudfront-viewer-country-name',
  'cloudfront-viewer-country-region',
  'cloudfront-viewer-country-region-name',
  'cloudfront-viewer-http-version',
  'cloudfront-viewer-latitude',
  'cloudfront-viewer-longitude',
  'cloudfront-viewer-metro-code',
  'cloudfront-viewer-postal-code',
  'cloudfront-viewer-time-zone',
  'cloudfront-viewer-tls',
];

/** Every CloudFront header: the 2022 set, the header-structure pair and the TLS fingerprints. */
export const CLOUDFRONT_HEADERS: ReadonlySet<string> = new Set([
  ...CLOUDFRONT_HEADERS_2022_06,
  'cloudfront-viewer-header-order',
  'cloudfront-viewer-header-count',
  'cloudfront-viewer-ja3-fingerprint',
  'cloudfront-viewer-ja4-fingerprint',
]);

/** "can be added in an origin request policy, but not in a cache policy" (adding-cloudfront-headers). */
export const ORIGIN_REQUEST_ONLY: ReadonlySet<string> = new Set([
  'cloudfront-viewer-address',
  'cloudfront-viewer-asn',
  'cloudfront-viewer-ja3-fingerprint',
  'cloudfront-viewer-ja4-fingerprint',
  'cloudfront-viewer-tls',
]);

/**
 * The TLS fingerprints come from the viewer's TLS Client Hello, which a simulated request does not
 * have: a policy that names them is refused rather than sending nothing where CloudFront sends a value.
 */
export const NOT_PRODUCED: ReadonlySet<string> = new Set([
  'cloudfront-viewer-ja3-fingerprint',
  'cloudfront-viewer-ja4-fingerprint',
]);

/** What a CloudFront header's value is made from. */
export interface CloudFrontHeaderSource {
  readonly scheme: 'http' | 'https';
  /** The viewer's headers, in the order sent. */
  readonly headers: HeaderMap;
  readonly viewer?: ViewerIdentity | undefined;
}

/**
 * Sets each of `names` in `headers` to CloudFront's value, removing what the viewer sent under that
 * name; a header CloudFront cannot fill for this viewer (an unknown location) is left out.
 */
export function addCloudFrontHeaders(
  names: Iterable<string>,
  source: CloudFrontHeaderSource,
  headers: HeaderMap,
): void {
  for (const name of names) {
    delete headers[name];
    const value = cloudFrontHeader(name, source);
    if (value !== undefined) headers[name] = value;
  }
}

/** The value CloudFront gives header `name` (lower case) for this request, or undefined when none. */
function cloudFrontHeader(name: string, source: CloudFrontHeaderSource): string | undefined {
  const viewer = source.viewer;
  const location = viewer?.location;
  switch (name) {
    case 'cloudfront-forwarded-proto':
      return source.scheme;
    case 'cloudfront-is-android-viewer':
    case 'cloudfront-is-desktop-viewer':
    case 'cloudfront-is-ios-viewer':
    case 'cloudfront-is-mobile-viewer':
    case 'cloudfront-is-smarttv-viewer':
    case 'cloudfront-is-tablet-viewer':
      return String(device(source.headers['user-agent'])[name]);
    case 'cloudfront-viewer-address':
      return viewer === undefined ? undefined : `${viewer.ip}:${sourcePort(viewer.name)}`;
    case 'cloudfront-viewer-asn':
      return viewer?.asn === undefined ? undefined : String(viewer.asn);
    case 'cloudfront-viewer-country':
      return viewer?.country;
    case 'cloudfront-viewer-country-name':
      return text(location?.countryName ?? countryName(viewer?.country));
    case 'cloudfront-viewer-country-region':
      return text(location?.region);
    case 'cloudfront-viewer-country-region-name':
      return text(location?.regionName);
    case 'cloudfront-viewer-city':
      return text(location?.city);
    case 'cloudfront-viewer-postal-code':
      return text(location?.postalCode);
    case 'cloudfront-viewer-time-zone':
      return text(location?.timeZone);
    case 'cloudfront-viewer-metro-code':
      return text(location?.metroCode);
    case 'cloudfront-viewer-latitude':
      return location?.latitude === undefined ? undefined : String(location.latitude);
    case 'cloudfront-viewer-longitude':
      return location?.longitude === undefined ? undefined : String(location.longitude);
    // edgecase's viewer speaks HTTP/1.1, as its Via header says (docs/fidelity.md).
    case 'cloudfront-viewer-http-version':
      return '1.1';
    // UNCONFIRMED which version and cipher: a modern browser's first connection (one of the page's
    // own examples, with a full handshake). HTTPS only.
    case 'cloudfront-viewer-tls':
      return source.scheme === 'https' ? 'TLSv1.3:TLS_AES_128_GCM_SHA256:fullHandshake' : undefined;
    // "the viewer's header names in the order requested, separated by a colon", cut at 7,680
    // characters; the names as edgecase holds them, in lower case (as HTTP/2 sends them).
    case 'cloudfront-viewer-header-order':
      return Object.keys(source.headers).join(':').slice(0, 7680);
    case 'cloudfront-viewer-header-count':
      return String(Object.keys(source.headers).length);
    default:
      return undefined;
  }
}

/** The headers that describe the viewer (its address, network and place), not its request. */
const VIEWER_HEADERS = CLOUDFRONT_HEADERS_2022_06.filter(
  (name) =>
    name.startsWith('cloudfront-viewer-') &&
    name !== 'cloudfront-viewer-http-version' &&
    name !== 'cloudfront-viewer-tls',
);

/**
 * The CloudFront headers that describe the viewer itself (its address, network and place), by
 * lower-case name, as CloudFront would add them when a policy names them; those CloudFront has no
 * value for (an unknown country or city) are absent.
 */
export function cloudFrontViewerHeaders(viewer: ViewerIdentity): Readonly<Record<string, string>> {
  const headers: HeaderMap = {};
  addCloudFrontHeaders(VIEWER_HEADERS, { scheme: 'https', headers: {}, viewer }, headers);
  return headers;
}

/** "For non-ASCII characters in these headers' values, CloudFront percent-encodes the character." */
function text(value: string | undefined): string | undefined {
  return value === undefined ? undefined : percentEncoded(value);
}

function percentEncoded(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is U+0000 to U+007F.
  return value.replace(/[^\u0000-\u007f]+/g, (run) => encodeURIComponent(run));
}

let regionNames: Intl.DisplayNames | undefined;

/** UNCONFIRMED: CloudFront's database names countries; edgecase uses their English (CLDR) names. */
function countryName(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regionNames.of(code);
}

/**
 * The viewer's source port: CloudFront gives the connection's, which a simulated viewer does not
 * have. Each viewer keeps one, from the IANA dynamic range, derived from its name (runs repeat).
 */
function sourcePort(viewer: string): number {
  return 49152 + (hash32(viewer) % 16384);
}

type DeviceHeader =
  | 'cloudfront-is-android-viewer'
  | 'cloudfront-is-desktop-viewer'
  | 'cloudfront-is-ios-viewer'
  | 'cloudfront-is-mobile-viewer'
  | 'cloudfront-is-smarttv-viewer'
  | 'cloudfront-is-tablet-viewer';

// UNCONFIRMED: CloudFront sets the device headers "based on the value of the User-Agent header" and
// does not publish its rules. These are the common tokens: an iPad and an Android without "Mobile"
// are tablets (an iPad is also mobile: "for some tablet devices, CloudFront sets both"); a viewer
// that is none of mobile, tablet and TV, or sends no User-Agent, is a desktop.
const SMART_TV = /smart-?tv|hbbtv|appletv|googletv|crkey|roku|bravia|netcast|web0s|tizen.+tv/i;
const TABLET = /\bipad\b|tablet|kindle|silk\/|playbook|android(?!.*mobile)/i;
const MOBILE = /mobi|iphone|ipod|ipad|windows phone|blackberry|opera mini/i;
const IOS = /\b(?:iphone|ipad|ipod)\b/i;
const ANDROID = /\bandroid\b/i;

const DEVICE_CACHE = new Map<string, Readonly<Record<DeviceHeader, boolean>>>();
const NO_AGENT: Readonly<Record<DeviceHeader, boolean>> = Object.freeze({
  'cloudfront-is-android-viewer': false,
  'cloudfront-is-desktop-viewer': true,
  'cloudfront-is-ios-viewer': false,
  'cloudfront-is-mobile-viewer': false,
  'cloudfront-is-smarttv-viewer': false,
  'cloudfront-is-tablet-viewer': false,
});

function device(userAgent: string | undefined): Readonly<Record<DeviceHeader, boolean>> {
  if (userAgent === undefined) return NO_AGENT;
  let found = DEVICE_CACHE.get(userAgent);
  if (found === undefined) {
    const tv = SMART_TV.test(userAgent);
    const tablet = !tv && TABLET.test(userAgent);
    const mobile = !tv && MOBILE.test(userAgent);
    found = Object.freeze({
      'cloudfront-is-android-viewer': ANDROID.test(userAgent),
      'cloudfront-is-desktop-viewer': !tv && !tablet && !mobile,
      'cloudfront-is-ios-viewer': IOS.test(userAgent),
      'cloudfront-is-mobile-viewer': mobile,
      'cloudfront-is-smarttv-viewer': tv,
      'cloudfront-is-tablet-viewer': tablet,
    });
    if (DEVICE_CACHE.size >= 1000) DEVICE_CACHE.clear();
    DEVICE_CACHE.set(userAgent, found);
  }
  return found;
}
