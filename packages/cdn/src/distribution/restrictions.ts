import { invalid } from '../errors.js';
import { checkArray, checkObject } from '../options/checks.js';
import type { GeoRestrictionOptions, ResolvedGeoRestriction } from '../options/config-types.js';
import { checkOneOf, checkOptionKeys } from '../options/strict-keys.js';

// §14 georestrictions (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/georestrictions.html).
const CODE = 'InvalidOption';
const NONE: ResolvedGeoRestriction = Object.freeze({ restrictionType: 'none', locations: new Set<string>() });
const COUNTRY = /^[A-Z]{2}$/;

export function resolveRestrictions(input: unknown): ResolvedGeoRestriction {
  if (input === undefined) return NONE;
  checkObject(input, CODE, 'restrictions');
  checkOptionKeys(input, ['geoRestriction'], 'restrictions');
  const geo = (input as { geoRestriction?: unknown }).geoRestriction;
  if (geo === undefined) return NONE;
  checkObject(geo, CODE, 'restrictions.geoRestriction');
  checkOptionKeys(geo, ['restrictionType', 'locations'], 'restrictions.geoRestriction');
  const { restrictionType, locations } = geo as Partial<GeoRestrictionOptions>;
  const type = checkOneOf(
    restrictionType,
    ['none', 'whitelist', 'blacklist'] as const,
    'restrictions.geoRestriction.restrictionType',
  );
  if (type === undefined) {
    invalid(
      CODE,
      'restrictions.geoRestriction.restrictionType',
      "'none', 'whitelist' or 'blacklist'",
      restrictionType,
    );
  }
  const codes = checkArray(locations ?? [], CODE, 'restrictions.geoRestriction.locations').map((code, i) => {
    if (typeof code !== 'string' || !COUNTRY.test(code)) {
      // The API's InvalidLocationCode (§14).
      invalid(
        CODE,
        `restrictions.geoRestriction.locations[${i}]`,
        "an ISO 3166-1 alpha-2 code such as 'FR'",
        code,
      );
    }
    return code;
  });
  if (type === 'none' && codes.length > 0) {
    invalid(
      CODE,
      'restrictions.geoRestriction.locations',
      "no locations with restrictionType 'none' (CloudFront's InvalidGeoRestrictionParameter)",
      codes,
    );
  }
  if (type !== 'none' && codes.length === 0) {
    invalid(
      CODE,
      'restrictions.geoRestriction.locations',
      `at least one country with restrictionType '${type}' (CloudFront's InvalidGeoRestrictionParameter)`,
      codes,
    );
  }
  return Object.freeze({ restrictionType: type, locations: new Set(codes) });
}

/**
 * §14: whether a viewer from `country` is refused. An unknown country is served ("content is
 * served" when CloudFront cannot tell the location).
 */
export function isGeoBlocked(geo: ResolvedGeoRestriction, country: string | undefined): boolean {
  if (geo.restrictionType === 'none' || country === undefined) return false;
  const listed = geo.locations.has(country);
  return geo.restrictionType === 'whitelist' ? !listed : listed;
}
