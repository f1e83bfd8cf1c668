import { describe, expect, it } from 'vitest';
import {
  checkViewerAttributes,
  hasViewerAttributes,
  VIEWER_ATTRIBUTE_KEYS,
  viewerIdentity,
} from './viewer-attributes.js';

describe('viewer attributes', () => {
  it("a request's attributes win over its named viewer's, over the defaults", () => {
    expect(viewerIdentity('a', { country: 'FR', ip: '203.0.113.7' }, { country: 'DE' })).toEqual({
      name: 'a',
      country: 'DE',
      ip: '203.0.113.7',
      userAgent: undefined,
      location: undefined,
      asn: undefined,
    });
    expect(viewerIdentity('anonymous', undefined, undefined)).toEqual({
      name: 'anonymous',
      country: undefined,
      ip: '192.0.2.1',
      userAgent: undefined,
      location: undefined,
      asn: undefined,
    });
  });

  it('accepts IPv6 and refuses what is not an address or a two-letter code', () => {
    expect(checkViewerAttributes({ ip: '2001:db8::1' }, 'x')).toEqual({ ip: '2001:db8::1' });
    expect(() => checkViewerAttributes({ ip: '300.1.1.1' }, 'x')).toThrow('x.ip: expected an IPv4 or IPv6');
    expect(() => checkViewerAttributes({ country: 'FRA' }, 'x')).toThrow('x.country: expected an ISO 3166-1');
  });

  it('checks a location and an ASN by key and range', () => {
    expect(checkViewerAttributes({ location: { city: 'Paris', latitude: 48.86 }, asn: 3215 }, 'x')).toEqual({
      location: { city: 'Paris', latitude: 48.86 },
      asn: 3215,
    });
    expect(() => checkViewerAttributes({ location: { cty: 'Paris' } as never }, 'x')).toThrow(
      'Did you mean "city"?',
    );
    expect(() => checkViewerAttributes({ location: { latitude: 91 } }, 'x')).toThrow(
      'x.location.latitude: expected a number from -90 to 90, got 91.',
    );
    expect(() => checkViewerAttributes({ asn: 0 }, 'x')).toThrow(
      'x.asn: expected an autonomous system number',
    );
  });

  it('hasViewerAttributes sees every viewer attribute key, and nothing else', () => {
    for (const key of VIEWER_ATTRIBUTE_KEYS) expect(hasViewerAttributes({ [key]: 1 } as never)).toBe(true);
    expect(hasViewerAttributes({ pop: 'IAD89', server: 1 } as never)).toBe(false);
  });
});
