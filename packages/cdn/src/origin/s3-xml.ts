import { invalid } from '../errors.js';

/** The XML bodies S3's REST API answers with: error documents and a bucket listing. */

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  if (typeof text !== 'string') invalid('InvalidOption', 'escapeXml text', 'a string', text);
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

/** The messages S3 sends with each error code it can answer through this simulator. */
export const S3_ERROR_MESSAGES = {
  AccessDenied: 'Access Denied',
  NoSuchKey: 'The specified key does not exist.',
  PreconditionFailed: 'At least one of the pre-conditions you specified did not hold',
  InvalidRange: 'The requested range is not satisfiable',
  MethodNotAllowed: 'The specified method is not allowed against this resource.',
  InvalidURI: "Couldn't parse the specified URI.",
  // §19 S3UG cors-troubleshooting: the message of a refused preflight is given with the code.
  AccessForbidden: 'CORSResponse: This CORS request is not allowed.',
  BadRequest: 'Insufficient information. Origin request header needed.',
} as const;

export type S3ErrorCode = keyof typeof S3_ERROR_MESSAGES;

/**
 * `<Error><Code>…</Code><Message>…</Message>…fields…<RequestId>…</RequestId><HostId>…</HostId></Error>`,
 * the shape of every S3 REST error body (S3 API "Error responses").
 */
export function s3ErrorXml(
  code: S3ErrorCode,
  fields: readonly (readonly [name: string, value: string | number])[],
  requestId: string,
  message: string = S3_ERROR_MESSAGES[code],
): string {
  const extra = fields.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
  return (
    `${XML_DECLARATION}<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
    `${extra}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`
  );
}

export interface ListingEntry {
  key: string;
  lastModifiedMs: number;
  etag: string;
  size: number;
}

/** A minimal ListObjects (V1) `ListBucketResult`, what `GET /` returns with s3:ListBucket. */
export function listBucketXml(listing: {
  bucket: string;
  prefix: string;
  maxKeys: number;
  isTruncated: boolean;
  entries: readonly ListingEntry[];
}): string {
  const contents = listing.entries
    .map(
      (entry) =>
        `<Contents><Key>${escapeXml(entry.key)}</Key>` +
        `<LastModified>${new Date(entry.lastModifiedMs).toISOString()}</LastModified>` +
        `<ETag>${escapeXml(entry.etag)}</ETag><Size>${entry.size}</Size>` +
        `<StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  return (
    `${XML_DECLARATION}<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
    `<Name>${escapeXml(listing.bucket)}</Name><Prefix>${escapeXml(listing.prefix)}</Prefix><Marker></Marker>` +
    `<MaxKeys>${listing.maxKeys}</MaxKeys><IsTruncated>${listing.isTruncated}</IsTruncated>${contents}` +
    `</ListBucketResult>`
  );
}

/** A stable stand-in for S3's opaque host id, derived from the request id. */
function hostId(requestId: string): string {
  return Buffer.from(`edgecase/${requestId}`).toString('base64');
}
