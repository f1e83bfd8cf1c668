import { describe, expect, it } from 'vitest';
import { checkViewerAttributes, cloudFrontViewerHeaders, viewerIdentity } from './viewer-attributes.js';

describe('viewer attributes', () => {
  it("a request's attributes win over its named viewer's, over the defaults", () => {
    expect(viewerIdentity('a', { country: 'FR', ip: '203.0.113.7' }, { country: 'DE' })).toEqual({
      name: 'a',
      country: 'DE',
      ip: '203.0.113.7',
      userAgent: undefined,
    });
    expect(viewerIdentity('anonymous', undefined, undefined)).toEqual({
      name: 'anonymous',
      country: undefined,
      ip: '192.0.2.1',
      userAgent: undefined,
    });
  });

  it('accepts IPv6 and refuses what is not an address or a two-letter code', () => {
    expect(checkViewerAttributes({ ip: '2001:db8::1' }, 'x')).toEqual({ ip: '2001:db8::1' });
    expect(() => checkViewerAttributes({ ip: '300.1.1.1' }, 'x')).toThrow('x.ip: expected an IPv4 or IPv6');
    expect(() => checkViewerAttributes({ country: 'FRA' }, 'x')).toThrow('x.country: expected an ISO 3166-1');
  });

  it('CloudFront-Viewer-Country is present only for a known country', () => {
    expect(cloudFrontViewerHeaders(viewerIdentity('a', { country: 'FR' }, undefined))).toEqual({
      'cloudfront-viewer-country': 'FR',
    });
    expect(cloudFrontViewerHeaders(viewerIdentity('a', undefined, undefined))).toEqual({});
  });
});
