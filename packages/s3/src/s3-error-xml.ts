/** S3's XML error document (S3 API "Error responses"), for answers rebuilt from a parsed SDK error. */

import { escapeXml } from '@edgecase/cdn';

export interface S3ErrorDocument {
  code: string;
  message: string;
  /** Extra elements between Message and RequestId, e.g. `Key` or `Condition`. */
  fields: readonly (readonly [name: string, value: string])[];
  requestId: string;
  hostId: string;
}

/** `<?xml …?><Error><Code/><Message/>…fields…<RequestId/><HostId/></Error>`, as S3 sends it. */
export function s3ErrorXml(error: S3ErrorDocument): string {
  const fields = error.fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}` +
    `<RequestId>${escapeXml(error.requestId)}</RequestId><HostId>${escapeXml(error.hostId)}</HostId></Error>`
  );
}
