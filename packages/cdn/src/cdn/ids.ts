import { hash32 } from '../clock/random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `X-Amz-Cf-Id`: an opaque request id, base64-like and ending in `==` (§4), derived from the seed and
 * the request's sequence number so runs repeat.
 */
export function cfRequestId(seed: number, seq: number): string {
  let out = '';
  let h = hash32(`${seed}:${seq}`);
  for (let i = 0; i < 54; i++) {
    if (i % 5 === 0) h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ (i + seq);
    out += ALPHABET[(h >>> ((i % 5) * 6)) & 63];
  }
  return `${out}==`;
}

/** `Via: 1.1 <32 hex>.cloudfront.net (CloudFront)` for one node (§4). */
export function viaHeader(nodeId: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += hash32(`${nodeId}#${i}`).toString(16).padStart(8, '0');
  return `1.1 ${hex}.cloudfront.net (CloudFront)`;
}
