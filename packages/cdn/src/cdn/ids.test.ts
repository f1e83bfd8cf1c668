import { describe, expect, it } from 'vitest';
import { hash32 } from '../clock/random.js';
import { cfRequestId, serialHex16, viaHeader } from './ids.js';

describe('serialHex16', () => {
  it('is the serial as 16 upper-case hex digits, zero-padded, up to 2^53', () => {
    for (const serial of [
      0,
      1,
      15,
      16,
      255,
      0xabcdef,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 32 + 17,
      2 ** 53 - 1,
      123_456_789_012,
    ])
      expect(serialHex16(serial)).toBe(serial.toString(16).toUpperCase().padStart(16, '0'));
  });
});

describe('viaHeader', () => {
  // What every earlier version served: the hex of hash32(`${id}#${i}`) for i = 0..3, 8 digits each.
  const spelledOut = (nodeId: string) => {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += hash32(`${nodeId}#${i}`).toString(16).padStart(8, '0');
    return `1.1 ${hex}.cloudfront.net (CloudFront)`;
  };

  it('gives each node the Via it always had (§4)', () => {
    const ids = ['SFO5-C1', 'SFO5-C2', 'IAD89-C4', 'REC-us-east-1', 'REC-eu-west-1', ''];
    for (let pop = 1; pop <= 600; pop += 37)
      for (let server = 1; server <= 20; server++) ids.push(`LHR${pop}-C${server}`);
    for (const id of ids) expect(viaHeader(id)).toBe(spelledOut(id));
    expect(viaHeader('SFO5-C1')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(viaHeader('SFO5-C1')).not.toBe(viaHeader('SFO5-C2'));
  });
});

describe('cfRequestId', () => {
  it('is 54 id characters and "==", the same for the same seed and sequence number (§4)', () => {
    const id = cfRequestId(7, 1);
    expect(id).toMatch(/^[A-Za-z0-9_-]{54}==$/);
    expect(cfRequestId(7, 1)).toBe(id);
    expect(cfRequestId(7, 2)).not.toBe(id);
    expect(cfRequestId(8, 1)).not.toBe(id);
  });
});
