/**
 * Accept-Encoding normalisation for the cache key. §5 CFDG controlling-the-cache-key
 * #cache-policy-compressed-objects: with Gzip and/or Brotli enabled in the cache policy, the key and
 * the origin request carry `br,gzip`, `gzip` or `br` (what the viewer accepts of what is enabled);
 * every other token is dropped; when the viewer accepts neither, the header is left out of the key
 * and the origin gets `Accept-Encoding: identity`.
 */
export type NormalizedAcceptEncoding = 'br,gzip' | 'gzip' | 'br';

export const GZIP = 1;
export const BROTLI = 2;

/** Indexed by a mask of GZIP | BROTLI. */
export const NORMALIZED_BY_MASK: readonly (NormalizedAcceptEncoding | undefined)[] = [
  undefined,
  'gzip',
  'br',
  'br,gzip',
];

const MEMO_LIMIT = 1024;
const memo = new Map<string, number>();

/**
 * Which of gzip and br a viewer's `Accept-Encoding` accepts, as a mask of `GZIP | BROTLI`. Codings
 * are case-insensitive; `q=0` (or `0.0`, `0.000`) means "not acceptable" (RFC 9110 §12.5.3). Only the
 * literal tokens count: `*` and `x-gzip` are not taken to mean gzip or br — how CloudFront treats them
 * is UNCONFIRMED. Results are memoised, since viewers send a handful of distinct values.
 */
export function acceptedEncodings(header: string | undefined): number {
  if (header === undefined || header.length === 0) return 0;
  let mask = memo.get(header);
  if (mask !== undefined) return mask;
  mask = 0;
  for (const part of header.split(',')) {
    const semi = part.indexOf(';');
    const coding = (semi < 0 ? part : part.slice(0, semi)).trim().toLowerCase();
    const bit = coding === 'gzip' ? GZIP : coding === 'br' ? BROTLI : 0;
    if (bit !== 0 && (semi < 0 || qualityOf(part.slice(semi + 1)) > 0)) mask |= bit;
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(header, mask);
  return mask;
}

/** The `q` weight in `;q=0.5` parameters; 1 when absent or unreadable. */
function qualityOf(params: string): number {
  for (const param of params.split(';')) {
    const eq = param.indexOf('=');
    if (eq >= 0 && param.slice(0, eq).trim().toLowerCase() === 'q') {
      const q = Number(param.slice(eq + 1).trim());
      return Number.isNaN(q) ? 1 : q;
    }
  }
  return 1;
}

/**
 * The normalised value for the key given the viewer's header and the policy's switches, or
 * `undefined` when the viewer accepts none of the enabled formats.
 */
export function normalizeAcceptEncoding(
  header: string | undefined,
  gzip: boolean,
  brotli: boolean,
): NormalizedAcceptEncoding | undefined {
  const enabled = (gzip ? GZIP : 0) | (brotli ? BROTLI : 0);
  return NORMALIZED_BY_MASK[acceptedEncodings(header) & enabled];
}
