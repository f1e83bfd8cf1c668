import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { Origin, OriginRequest } from '../origin/types.js';
import { viewerIdentity } from '../routing/viewer-attributes.js';
import { cloudFrontViewerHeaders } from './cloudfront-headers.js';

// §14/§15 CFDG adding-cloudfront-headers: CloudFront adds the CloudFront-* headers a policy names,
// from the viewer and its request, replacing what the viewer sent.

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const TV =
  'Mozilla/5.0 (SMART-TV; Linux; Tizen 7.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/5.0 TV Safari/537.36';

/** An origin that answers with the CloudFront-* headers it received, as JSON, never cached. */
function echo(): Origin & { seen: OriginRequest[] } {
  const seen: OriginRequest[] = [];
  return {
    kind: 'custom',
    name: 'echo',
    seen,
    async fetch(request) {
      seen.push(request);
      const cf = Object.fromEntries(
        Object.entries(request.headers).filter(([n]) => n.startsWith('cloudfront-')),
      );
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'max-age=60' },
        body: new TextEncoder().encode(JSON.stringify(cf)),
      };
    },
  };
}

/** A distribution over `echo()` that sends, uncached, what an origin request policy `name` lists. */
function forwarding(
  name: string,
  headerBehavior: 'whitelist' | 'allViewerAndWhitelistCloudFront',
  headers: string[],
) {
  return createCdn({
    origin: echo(),
    defaultCacheBehavior: {
      cachePolicy: 'CachingDisabled',
      originRequestPolicy: { name, headersConfig: { headerBehavior, headers } },
    },
  });
}

const DEVICE = ['CloudFront-Is-Mobile-Viewer', 'CloudFront-Is-Tablet-Viewer', 'CloudFront-Is-Desktop-Viewer'];

describe('CloudFront headers', () => {
  it("keys on CloudFront's device headers from the User-Agent, never on a value the viewer sent", async () => {
    const origin = echo();
    const cdn = createCdn({
      origin,
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'by-device',
          defaultTTL: 60,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: DEVICE },
          },
        },
      },
    });
    const phone = await cdn.fetch('/page', { userAgent: IPHONE });
    expect(await phone.json()).toEqual({
      'cloudfront-is-mobile-viewer': 'true',
      'cloudfront-is-tablet-viewer': 'false',
      'cloudfront-is-desktop-viewer': 'false',
    });
    const desktop = await cdn.fetch('/page', { userAgent: DESKTOP });
    expect(desktop.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(await desktop.json()).toMatchObject({ 'cloudfront-is-desktop-viewer': 'true' });
    // A desktop that claims to be mobile shares the desktop's copy: the key holds CloudFront's value.
    const forged = await cdn.fetch('/page', {
      userAgent: DESKTOP,
      headers: { 'CloudFront-Is-Mobile-Viewer': 'true' },
    });
    expect(forged.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(origin.seen).toHaveLength(2);
  });

  it('forwards no forged value of a keyed CloudFront header with an all-viewer-headers policy', async () => {
    const origin = echo();
    const cdn = createCdn({
      origin,
      defaultCacheBehavior: {
        originRequestPolicy: 'AllViewer',
        cachePolicy: {
          name: 'by-country',
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['CloudFront-Viewer-Country', ...DEVICE] },
          },
        },
      },
    });
    const forged = { 'CloudFront-Viewer-Country': 'US', 'CloudFront-Is-Mobile-Viewer': 'true' };
    const placed = await cdn.fetch('/p', { country: 'FR', userAgent: DESKTOP, headers: forged });
    expect(await placed.json()).toEqual({
      'cloudfront-viewer-country': 'FR',
      'cloudfront-is-mobile-viewer': 'false',
      'cloudfront-is-tablet-viewer': 'false',
      'cloudfront-is-desktop-viewer': 'true',
    });
    // A viewer CloudFront cannot place gets no country header, not the one it sent.
    const unplaced = await cdn.fetch('/q', { userAgent: DESKTOP, headers: forged });
    expect(await unplaced.json()).not.toHaveProperty('cloudfront-viewer-country');
  });

  it('tells tablets, Android and iOS phones, TVs and desktops apart (UNCONFIRMED rules, docs/fidelity.md)', async () => {
    const origin = echo();
    const cdn = createCdn({
      origin,
      defaultCacheBehavior: {
        originRequestPolicy: 'AllViewerAndCloudFrontHeaders-2022-06',
        cachePolicy: 'CachingDisabled',
      },
    });
    const device = async (userAgent?: string) => {
      const got = (await (
        await cdn.fetch('/d', userAgent === undefined ? {} : { userAgent })
      ).json()) as Record<string, string>;
      return ['android', 'desktop', 'ios', 'mobile', 'smarttv', 'tablet'].filter(
        (d) => got[`cloudfront-is-${d}-viewer`] === 'true',
      );
    };
    expect(await device(IPHONE)).toEqual(['ios', 'mobile']);
    expect(await device(ANDROID_PHONE)).toEqual(['android', 'mobile']);
    expect(await device(ANDROID_TABLET)).toEqual(['android', 'tablet']);
    expect(await device(TV)).toEqual(['smarttv']);
    expect(await device(DESKTOP)).toEqual(['desktop']);
    expect(await device()).toEqual(['desktop']);
  });

  it('adds the whitelisted CloudFront headers of an origin request policy, over a forged value', async () => {
    const cdn = forwarding('geo', 'whitelist', [
      'CloudFront-Viewer-Country',
      'CloudFront-Viewer-City',
      'CloudFront-Forwarded-Proto',
    ]);
    const sent = await cdn.fetch('https://d111111abcdef8.cloudfront.net/p', {
      country: 'FR',
      location: { city: 'Saint-Étienne' },
      headers: { 'CloudFront-Viewer-Country': 'US' },
    });
    // Non-ASCII characters are percent-encoded (adding-cloudfront-headers).
    expect(await sent.json()).toEqual({
      'cloudfront-viewer-country': 'FR',
      'cloudfront-viewer-city': 'Saint-%C3%89tienne',
      'cloudfront-forwarded-proto': 'https',
    });
    // A viewer CloudFront cannot place: no location header at all, and the forged one is dropped.
    const unknown = await cdn.fetch('/p', { headers: { 'CloudFront-Viewer-Country': 'US' } });
    expect(await unknown.json()).toEqual({ 'cloudfront-forwarded-proto': 'https' });
  });

  it("sends the viewer's address, network, place, TLS and header order with the managed 2022-06 policy", async () => {
    const cdn = forwarding('everything', 'allViewerAndWhitelistCloudFront', [
      'CloudFront-Viewer-Address',
      'CloudFront-Viewer-ASN',
      'CloudFront-Viewer-Time-Zone',
      'CloudFront-Viewer-TLS',
      'CloudFront-Viewer-Header-Order',
      'CloudFront-Viewer-Header-Count',
    ]);
    const alice = cdn.viewer('alice', {
      ip: '203.0.113.7',
      asn: 16509,
      location: { timeZone: 'Europe/Paris' },
    });
    const got = (await (
      await alice.fetch('/p', { headers: { Accept: 'text/html', 'Accept-Language': 'fr' } })
    ).json()) as Record<string, string>;
    expect(got['cloudfront-viewer-address']).toMatch(/^203\.0\.113\.7:\d{5}$/);
    expect(got['cloudfront-viewer-asn']).toBe('16509');
    expect(got['cloudfront-viewer-time-zone']).toBe('Europe/Paris');
    expect(got['cloudfront-viewer-tls']).toBe('TLSv1.3:TLS_AES_128_GCM_SHA256:fullHandshake');
    expect(got['cloudfront-viewer-header-order']).toBe('accept:accept-language');
    expect(got['cloudfront-viewer-header-count']).toBe('2');
    // The same viewer keeps its source port; over HTTP there is no TLS header.
    const again = (await (await alice.fetch('http://d111111abcdef8.cloudfront.net/p')).json()) as Record<
      string,
      string
    >;
    expect(again['cloudfront-viewer-address']).toBe(got['cloudfront-viewer-address']);
    expect(again['cloudfront-viewer-tls']).toBeUndefined();
  });

  it('refuses what a cache policy cannot key on, and the TLS fingerprints edgecase cannot produce', () => {
    expect(() =>
      createCdn({
        origin: echo(),
        defaultCacheBehavior: {
          cachePolicy: {
            name: 'k',
            parametersInCacheKeyAndForwardedToOrigin: {
              headersConfig: { headerBehavior: 'whitelist', headers: ['CloudFront-Viewer-Address'] },
            },
          },
        },
      }),
    ).toThrow('CloudFront takes CloudFront-Viewer-Address in an origin request policy only');
    expect(() =>
      createCdn({
        origin: echo(),
        defaultCacheBehavior: {
          originRequestPolicy: {
            name: 'bots',
            headersConfig: { headerBehavior: 'whitelist', headers: ['CloudFront-Viewer-JA3-Fingerprint'] },
          },
        },
      }),
    ).toThrow(/UnmodelledFeature|TLS Client Hello/);
  });

  it('cloudFrontViewerHeaders: what describes the viewer, absent where CloudFront has no value', () => {
    const known = cloudFrontViewerHeaders(
      viewerIdentity('a', { country: 'FR', location: { city: 'Lyon' } }, undefined),
    );
    expect(known).toMatchObject({
      'cloudfront-viewer-country': 'FR',
      'cloudfront-viewer-country-name': 'France',
      'cloudfront-viewer-city': 'Lyon',
    });
    expect(Object.keys(cloudFrontViewerHeaders(viewerIdentity('a', undefined, undefined)))).toEqual([
      'cloudfront-viewer-address',
    ]);
  });
});
