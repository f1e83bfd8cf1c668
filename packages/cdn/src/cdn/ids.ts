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

/** `Via: 1.1 <32 hex>.cloudfront.net (CloudFront)` for one node (§4). */
export function viaHeader(nodeId: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += hash32(`${nodeId}#${i}`).toString(16).padStart(8, '0');
  // One flat string (a template of pieces is a tree of concatenations, several times the bytes).
  return `1.1 ${hex}.cloudfront.net (CloudFront)`.split('').join('');
}
