import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from '@edgecase/vitest';
import {
  cookiesForPlaylist,
  cookiesForVideos,
  play,
  publishShow,
  SEGMENTS,
  type Signer,
} from '../src/streaming.js';

// The key pair CloudFront trusts (its public key in a key group); in the app the private key is a secret.
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer: Signer = {
  keyPairId: 'K2JCJMDEHXQW5F',
  privateKey: keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
};

test.override('cdnOptions', {
  keyGroups: {
    members: {
      publicKeys: { [signer.keyPairId]: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    },
  },
  cacheBehaviors: [{ pathPattern: '/videos/*', trustedKeyGroups: ['members'] }],
});

describe('trap: cookies signed for the playlist alone', () => {
  test('the playlist plays, every segment is refused with 403 AccessDenied', async ({
    s3,
    origin,
    clock,
    cdn,
  }) => {
    await publishShow(s3, origin.bucket, 'pilot');
    const statuses = await play('pilot', cookiesForPlaylist(signer, 'pilot', clock.now()));
    expect(statuses).toEqual([200, ...Array<number>(SEGMENTS).fill(403)]);
    expect(cdn.trace.requests().at(-1)?.note).toContain('AccessDenied');
  });
});

describe('fix: a custom policy for /videos/* that lasts six hours', () => {
  test('every segment plays, hits after the first viewer, until the cookie expires', async ({
    s3,
    origin,
    clock,
    cdn,
  }) => {
    await publishShow(s3, origin.bucket, 'pilot');
    const cookie = cookiesForVideos(signer, clock.now());
    expect(await play('pilot', cookie)).toEqual(Array<number>(SEGMENTS + 1).fill(200));
    expect(await play('pilot', cookie)).toEqual(Array<number>(SEGMENTS + 1).fill(200));
    // The signing cookies are not in the cache key: the second play is all hits.
    expect(cdn).toHaveCacheHitRate({ atLeast: 0.5, for: '/videos/*' });

    await clock.advance('6h');
    expect(await play('pilot', cookie)).toEqual([403]);
    const refused = await cdn.fetch('/videos/pilot/seg-1.ts', { headers: { cookie } });
    expect(refused).toBeRefusedBySignature('AccessDenied');
  });
});
