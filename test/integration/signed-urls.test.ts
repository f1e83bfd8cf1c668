// Signed URLs and signed cookies (§9, §21), signed by the app's real signer (@aws-sdk/cloudfront-signer)
// and, for ECDSA, by node:crypto; verified by the distribution against the virtual clock.
import { createSign, generateKeyPairSync, sign } from 'node:crypto';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const PUBLIC_KEY = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KEY_ID = 'K2JCJMDEHXQW5F';
const EC_KEY_ID = 'KECDSAEXAMPLE1';
const BASE = 'https://d111111abcdef8.cloudfront.net';

function setup() {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    keyGroups: {
      'kg-videos': {
        publicKeys: {
          [KEY_ID]: PUBLIC_KEY,
          [EC_KEY_ID]: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        },
      },
    },
    cacheBehaviors: [{ pathPattern: '/videos/*', trustedKeyGroups: ['kg-videos'] }],
  });
  return { clock, origin, cdn };
}

const inSeconds = (clock: ManualClock, seconds: number) => new Date(clock.now() + seconds * 1000);

async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

describe('signed URLs (§9)', () => {
  it('lets a canned-policy URL from @aws-sdk/cloudfront-signer through until it expires on the virtual clock', async () => {
    const { cdn, origin, clock } = setup();
    await origin.put('videos/intro.mp4', 'video');
    const url = getSignedUrl({
      url: `${BASE}/videos/intro.mp4`,
      keyPairId: KEY_ID,
      privateKey: PRIVATE_KEY,
      dateLessThan: inSeconds(clock, 60),
    });
    const ok = await cdn.fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('video');
    // §21: the signing parameters reach neither the origin nor the cache key.
    expect(origin.requests.at(-1)?.query).toBe('');
    expect(cdn.trace.requests()[0]?.cacheKey).not.toContain('Signature');
    await clock.advance('61s');
    const expired = await cdn.fetch(url);
    expect(expired.status).toBe(403);
    expect(expired.headers.get('content-type')).toBe('text/xml');
    expect(expired.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(await expired.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>',
    );
  });

  it('answers MissingKey, InvalidKey, MalformedPolicy and AccessDenied with their 403 bodies (§21)', async () => {
    const { cdn, clock } = setup();
    const url = getSignedUrl({
      url: `${BASE}/videos/a.mp4`,
      keyPairId: KEY_ID,
      privateKey: PRIVATE_KEY,
      dateLessThan: inSeconds(clock, 60),
    });
    expect(await errorCode(await cdn.fetch('/videos/a.mp4'))).toBe('MissingKey');
    expect(await errorCode(await cdn.fetch(url.replace(KEY_ID, 'KUNKNOWN')))).toBe('InvalidKey');
    expect(
      await errorCode(await cdn.fetch(`/videos/a.mp4?Policy=!!!&Signature=abc&Key-Pair-Id=${KEY_ID}`)),
    ).toBe('MalformedPolicy');
    // §9: a query parameter added after signing is refused.
    expect(await errorCode(await cdn.fetch(`${url}&extra=1`))).toBe('AccessDenied');
    // Paths outside /videos/* need no signature.
    expect((await cdn.fetch('/public.txt')).status).toBe(404);
  });

  it('checks a custom policy: wildcard resource, DateGreaterThan and IpAddress against the viewer IP', async () => {
    const { cdn, origin, clock } = setup();
    await origin.put('videos/a/1.ts', 'segment');
    const url = getSignedUrl({
      url: `${BASE}/videos/a/1.ts`,
      policy: JSON.stringify({
        Statement: [
          {
            Resource: `${BASE}/videos/a/*`,
            Condition: {
              DateLessThan: { 'AWS:EpochTime': Math.floor(clock.now() / 1000) + 3600 },
              DateGreaterThan: { 'AWS:EpochTime': Math.floor(clock.now() / 1000) + 10 },
              IpAddress: { 'AWS:SourceIp': '203.0.113.0/24' },
            },
          },
        ],
      }),
      keyPairId: KEY_ID,
      privateKey: PRIVATE_KEY,
    });
    expect((await cdn.fetch(url, { ip: '203.0.113.7' })).status).toBe(403);
    await clock.advance('11s');
    expect((await cdn.fetch(url, { ip: '203.0.113.7' })).status).toBe(200);
    expect((await cdn.fetch(url, { ip: '198.51.100.1' })).status).toBe(403);
    expect(cdn.trace.requests().at(-1)?.note).toContain(
      "the viewer's IP 198.51.100.1 is outside 203.0.113.0/24",
    );
  });

  it('verifies SHA-256 (Hash-Algorithm=SHA256) and ECDSA P-256 signatures (§21)', async () => {
    const { cdn, origin, clock } = setup();
    await origin.put('videos/b.mp4', 'b');
    const sha256 = getSignedUrl({
      url: `${BASE}/videos/b.mp4`,
      keyPairId: KEY_ID,
      privateKey: PRIVATE_KEY,
      dateLessThan: inSeconds(clock, 60),
      algorithm: 'SHA256',
    });
    expect(sha256).toContain('Hash-Algorithm=SHA256');
    expect((await cdn.fetch(sha256)).status).toBe(200);
    const expires = Math.floor(clock.now() / 1000) + 60;
    const policy = `{"Statement":[{"Resource":"${BASE}/videos/b.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
    const signature = sign('sha256', Buffer.from(policy), ec.privateKey)
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/=/g, '_')
      .replace(/\//g, '~');
    const ecdsa = `/videos/b.mp4?Expires=${expires}&Signature=${signature}&Key-Pair-Id=${EC_KEY_ID}&Hash-Algorithm=SHA256`;
    expect((await cdn.fetch(ecdsa)).status).toBe(200);
  });
});

describe('signed cookies (§9)', () => {
  it('lets signed cookies from @aws-sdk/cloudfront-signer through; a signed URL takes precedence', async () => {
    const { cdn, origin, clock } = setup();
    await origin.put('videos/seg-1.ts', 'one');
    const cookies = getSignedCookies({
      url: `${BASE}/videos/*`,
      keyPairId: KEY_ID,
      privateKey: PRIVATE_KEY,
      policy: JSON.stringify({
        Statement: [
          {
            Resource: `${BASE}/videos/*`,
            Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(clock.now() / 1000) + 6 * 3600 } },
          },
        ],
      }),
    });
    const cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    expect((await cdn.fetch('/videos/seg-1.ts', { headers: { cookie } })).status).toBe(200);
    // §9: an URL with signing parameters is a signed URL; the cookies are then ignored.
    expect((await cdn.fetch('/videos/seg-1.ts?Expires=1', { headers: { cookie } })).status).toBe(403);
    await clock.advance('6h');
    expect((await cdn.fetch('/videos/seg-1.ts', { headers: { cookie } })).status).toBe(403);
  });
});

describe('mutations of signed URLs (property)', () => {
  const { cdn, origin, clock } = setup();
  const resource = `${BASE}/videos/p/clip.mp4`;
  const custom = getSignedUrl({
    url: resource,
    keyPairId: KEY_ID,
    privateKey: PRIVATE_KEY,
    policy: JSON.stringify({
      Statement: [
        {
          Resource: `${BASE}/videos/p/*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(clock.now() / 1000) + 3600 } },
        },
      ],
    }),
  });
  const canned = getSignedUrl({
    url: resource,
    keyPairId: KEY_ID,
    privateKey: PRIVATE_KEY,
    dateLessThan: inSeconds(clock, 3600),
  });
  const param = (url: string, name: string) => new URL(url).searchParams.get(name) as string;
  const withParam = (url: string, name: string, value: string) =>
    url.replace(`${name}=${param(url, name)}`, `${name}=${value}`);
  const decode = (text: string) =>
    Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~';

  it('both signed URLs pass unmutated', async () => {
    await origin.put('videos/p/clip.mp4', 'clip');
    expect((await cdn.fetch(custom)).status).toBe(200);
    expect((await cdn.fetch(canned)).status).toBe(200);
  });

  it('accepts a signature whose last character differs only in unused padding bits (same decoded bytes)', async () => {
    const signature = param(canned, 'Signature');
    // 256 signature bytes: 342 characters then "__" ("=="); the last character carries 2 bits, 4 unused.
    const last = ALPHABET.indexOf(signature[341] as string);
    const sibling = ALPHABET[(last & ~15) | (~last & 15)] as string;
    const mutated = `${signature.slice(0, 341)}${sibling}${signature.slice(342)}`;
    expect(mutated).not.toBe(signature);
    expect(decode(mutated).equals(decode(signature))).toBe(true);
    expect((await cdn.fetch(withParam(canned, 'Signature', mutated))).status).toBe(200);
  });

  it('refuses every change to the signature that changes its decoded bytes, accepts those that do not (padding bits)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(custom, canned),
        fc.nat(),
        fc.constantFrom(...ALPHABET),
        async (url, at, char) => {
          const signature = param(url, 'Signature');
          const i = at % signature.length;
          const mutated = signature.slice(0, i) + char + signature.slice(i + 1);
          const status = (await cdn.fetch(withParam(url, 'Signature', mutated))).status;
          // Same bytes after decoding (only the unused low bits of the last character changed): CloudFront
          // decodes to the same signature, so it is accepted; any other change is refused.
          expect(status).toBe(decode(mutated).equals(decode(signature)) ? 200 : 403);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it("refuses a changed expiry, key id or policy meaning, and a path outside the policy; accepts a path the custom policy's wildcard covers", async () => {
    await origin.put('videos/p/other.mp4', 'other');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: 100_000 }).map((d) => ({ kind: 'expires' as const, d })),
          fc
            .constantFrom('K2JCJMDEHXQW5G', 'k2jcjmdehxqw5f', 'KOTHER')
            .map((id) => ({ kind: 'key' as const, id })),
          fc
            .constantFrom('/videos/p/other.mp4', '/videos/q/clip.mp4', '/videos/p/clip.MP4')
            .map((path) => ({ kind: 'path' as const, path })),
          fc.integer({ min: 1, max: 1000 }).map((d) => ({ kind: 'policy' as const, d })),
        ),
        async (mutation) => {
          switch (mutation.kind) {
            case 'expires': {
              const expires = Number(param(canned, 'Expires'));
              expect(
                (await cdn.fetch(withParam(canned, 'Expires', String(expires + mutation.d)))).status,
              ).toBe(403);
              break;
            }
            case 'key':
              expect((await cdn.fetch(withParam(custom, 'Key-Pair-Id', mutation.id))).status).toBe(403);
              break;
            case 'path': {
              const covered = mutation.path.startsWith('/videos/p/');
              // The custom policy's Resource is /videos/p/*: a path it covers keeps a valid signature.
              expect(
                (await cdn.fetch(custom.replace('/videos/p/clip.mp4', mutation.path))).status === 403,
              ).toBe(!covered);
              // A canned policy names one URL: any other path is refused.
              expect((await cdn.fetch(canned.replace('/videos/p/clip.mp4', mutation.path))).status).toBe(403);
              break;
            }
            case 'policy': {
              const policy = decode(param(custom, 'Policy')).toString();
              const longer = policy.replace(
                /"AWS:EpochTime":(\d+)/,
                (_m, t) => `"AWS:EpochTime":${Number(t) + mutation.d}`,
              );
              const encoded = Buffer.from(longer)
                .toString('base64')
                .replace(/\+/g, '-')
                .replace(/=/g, '_')
                .replace(/\//g, '~');
              expect((await cdn.fetch(withParam(custom, 'Policy', encoded))).status).toBe(403);
              break;
            }
          }
        },
      ),
      { numRuns: 120, seed: 7 },
    );
  });
});

describe('trustedKeyGroups options', () => {
  it('refuses an unknown key group id and a key that is not PEM', () => {
    const origin = memoryOrigin();
    expect(() => createCdn({ origin, defaultCacheBehavior: { trustedKeyGroups: ['nope'] } })).toThrow(
      /expected a key group id of the keyGroups option \(none given\), got "nope"/,
    );
    expect(() =>
      createCdn({
        origin,
        defaultCacheBehavior: { trustedKeyGroups: [{ publicKeys: { K1: 'not a key' } }] },
      }),
    ).toThrow(/expected a PEM public key/);
    void createSign;
  });
});
