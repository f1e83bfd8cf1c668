import type { MemoryOrigin } from '@edgecase/cdn';

export interface ListRequest {
  prefix: string;
  delimiter: string | undefined;
  maxKeys: number;
  /** Keys (and common prefixes) strictly after this one are listed. */
  after: string | undefined;
}

export interface ListedEntry {
  Key: string;
  ETag: string;
  Size: number;
  LastModified: Date;
  StorageClass: 'STANDARD';
}

export interface ListPage {
  contents: ListedEntry[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of this page, where the next page starts after. */
  last: string | undefined;
}

/** S3 lists keys in UTF-8 binary order (S3 API ListObjectsV2). */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * One page of ListObjects / ListObjectsV2 (S3 API): keys under `prefix` in UTF-8 binary order,
 * keys sharing `prefix + … + delimiter` rolled up into one common prefix, at most `maxKeys` entries
 * (keys and common prefixes together), strongly consistent with the writes before it (§11).
 */
export async function listObjects(origin: MemoryOrigin, request: ListRequest): Promise<ListPage> {
  const keys = (await origin.keys()).filter((key) => key.startsWith(request.prefix)).sort(compareKeys);
  const contents: ListedEntry[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let isTruncated = false;
  for (const key of keys) {
    const rest = key.slice(request.prefix.length);
    const cut = request.delimiter ? rest.indexOf(request.delimiter) : -1;
    const entry =
      cut === -1 ? key : request.prefix + rest.slice(0, cut + (request.delimiter as string).length);
    if (request.after !== undefined && compareKeys(entry, request.after) <= 0) continue;
    if (entry === last) continue; // another key under the same common prefix
    if (contents.length + commonPrefixes.length >= request.maxKeys) {
      isTruncated = request.maxKeys > 0;
      break;
    }
    last = entry;
    if (cut !== -1) {
      commonPrefixes.push(entry);
      continue;
    }
    const object = await origin.head(key);
    if (object === undefined) continue;
    contents.push({
      Key: key,
      ETag: object.etag,
      Size: object.size,
      LastModified: object.lastModified,
      StorageClass: 'STANDARD',
    });
  }
  return { contents, commonPrefixes, isTruncated, last };
}
