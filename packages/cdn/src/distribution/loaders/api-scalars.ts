/**
 * A Boolean or Integer field written as text (`'true'`, `'86400'`), as the value itself, in a config
 * of the API's shape (PascalCase fields). CloudFormation takes text for such properties (User Guide,
 * "Template anatomy", property values:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html) and Terraform
 * converts a string where its attribute is a number or a bool (Terraform language, "Type
 * Conversion": https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types),
 * so many configs write `http_port = "80"` or `Compress: 'true'`; the API shape wants the values.
 * (`ResponseCode` stays text: it is a string in the API too.)
 */
const BOOLEAN_FIELDS = new Set([
  'Enabled',
  'Compress',
  'QueryString',
  'SmoothStreaming',
  'IPV6Enabled',
  'IsIPV6Enabled',
  'IncludeCookies',
  'IncludeBody',
  'CloudFrontDefaultCertificate',
  'Staging',
  'EnableAcceptEncodingGzip',
  'EnableAcceptEncodingBrotli',
  // Response headers policies (§16).
  'AccessControlAllowCredentials',
  'OriginOverride',
  'Override',
  'IncludeSubdomains',
  'Preload',
  'ModeBlock',
  'Protection',
]);
const NUMBER_FIELDS = new Set([
  'MinTTL',
  'DefaultTTL',
  'MaxTTL',
  'ErrorCode',
  'ErrorCachingMinTTL',
  'HTTPPort',
  'HTTPSPort',
  'OriginReadTimeout',
  'OriginKeepaliveTimeout',
  'ConnectionAttempts',
  'ConnectionTimeout',
  'ResponseCompletionTimeout',
  'Quantity',
  'AccessControlMaxAgeSec',
  'SamplingRate',
]);
/** Lists of numbers: an origin group's failover status codes (§17). */
const NUMBER_LISTS = new Set(['StatusCodes']);

const NUMBER = /^\d+(\.\d+)?$/;

/** `value` with the Boolean and number fields written as text turned into their values. */
export function textScalars(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const numbers = NUMBER_LISTS.has(key);
    return value.map((item) =>
      numbers && typeof item === 'string' && NUMBER.test(item) ? Number(item) : textScalars(item),
    );
  }
  if (typeof value === 'object' && value !== null) {
    // `{ Quantity, Items }` of a number list: its items are the list's numbers.
    const items = NUMBER_LISTS.has(key) ? 'Items' : undefined;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, textScalars(v, k === items ? key : k)]),
    );
  }
  if (typeof value !== 'string') return value;
  if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  if (NUMBER_FIELDS.has(key) && NUMBER.test(value)) return Number(value);
  return value;
}
