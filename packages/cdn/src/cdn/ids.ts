import { hash32 } from '../clock/random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `X-Amz-Cf-Id`: an opaque request id, base64-like and ending in `==` (§4), derived from the seed and
 * the request's sequence number so runs repeat.
 */
export function cfRequestId(seed: number, seq: number): string {
  let h = (seed ^ Math.imul(seq, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < 54; i += 5) {
    // murmur3's finaliser: a good spread from one 32-bit state per five characters.
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16) ^ (seq + i)) >>> 0;
    for (let j = 0; j < 5 && i + j < 54; j++) CODES[i + j] = ALPHABET_CODES[(h >>> (j * 6)) & 63] as number;
  }
  return String.fromCharCode.apply(null, CODES);
}

const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
// 54 id characters then "==".
const CODES: number[] = [...new Array<number>(54).fill(65), 61, 61];

/**
 * A viewer request's X-Amz-Cf-Id, made when first read: most requests (hits, and misses a regional
 * cache answers) never send it to an origin nor give it to a function (issue 13: a miss's cost).
 */
export class LazyCfId {
  readonly seed: number;
  readonly seq: number;
  #id: string | undefined;

  constructor(seed: number, seq: number) {
    this.seed = seed;
    this.seq = seq;
  }

  get value(): string {
    this.#id ??= cfRequestId(this.seed, this.seq);
    return this.#id;
  }
}

/**
 * `Via: 1.1 <32 hex>.cloudfront.net (CloudFront)` for one node (§4): the hex of four FNV-1a hashes,
 * of `<node id>#0` to `#3`. The id is hashed once and each hash continues from it, and the string is
 * made from its character codes, flat (a concatenation is a tree of pieces, several times the bytes):
 * at 600 × 20 with random routing, most misses reach a server whose Via is not remembered (issue 13).
 */
export function viaHeader(nodeId: string): string {
  const stem = hash32('#', hash32(nodeId));
  let at = VIA_HEX_AT;
  for (let i = 0; i < 4; i++) {
    const h = Math.imul(stem ^ (48 + i), 0x01000193) >>> 0;
    for (let shift = 28; shift >= 0; shift -= 4) VIA_CODES[at++] = HEX_CODES[(h >>> shift) & 15] as number;
  }
  return String.fromCharCode.apply(null, VIA_CODES);
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const UPPER_HEX_CODES = Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
const SERIAL_CODES: number[] = new Array<number>(16).fill(48);

/**
 * `serial` (a whole number below 2^53) as 16 upper-case hex digits, zero-padded: an in-process S3's
 * `x-amz-request-id`. Made from its character codes, so the string is flat (flat-string.ts) without
 * the parse a `padStart` result needed to flatten (a miss's cost, issue 13).
 */
export function serialHex16(serial: number): string {
  let low = serial % 0x1_0000_0000;
  let high = (serial - low) / 0x1_0000_0000;
  for (let at = 15; at >= 8; at--, low >>>= 4) SERIAL_CODES[at] = UPPER_HEX_CODES[low & 15] as number;
  for (let at = 7; at >= 0; at--, high >>>= 4) SERIAL_CODES[at] = UPPER_HEX_CODES[high & 15] as number;
  return String.fromCharCode.apply(null, SERIAL_CODES);
}
const VIA_HEX_AT = '1.1 '.length;
const VIA_CODES: number[] = Array.from(`1.1 ${'0'.repeat(32)}.cloudfront.net (CloudFront)`, (c) =>
  c.charCodeAt(0),
);
