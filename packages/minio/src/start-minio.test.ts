import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgecaseError } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { connectMinio } from './connect-minio.js';
import { cachedBinaryPath, findMinioBinary, MINIO_VERSION } from './defaults.js';
import { startMinio } from './start-minio.js';

describe('startMinio options', () => {
  it('says what it expected', async () => {
    await expect(startMinio({ launcher: 'docker' as never })).rejects.toThrow(
      `startMinio launcher: expected 'auto', 'container' or 'binary', got "docker".`,
    );
    await expect(startMinio({ secretAccessKey: 'short' })).rejects.toThrow(
      'startMinio secretAccessKey: expected at least 8 characters, got "short".',
    );
    await expect(startMinio({ startupTimeoutMs: 0 })).rejects.toThrow(EdgecaseError);
    await expect(startMinio({ stopGraceMs: Number.NaN })).rejects.toThrow(
      'startMinio stopGraceMs: expected a number of ms > 0 and at most 3,600,000, got null.',
    );
  });

  it('refuses an unknown option with a did-you-mean, before starting anything', async () => {
    const error = await startMinio({ lancher: 'binary' } as never).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(EdgecaseError);
    expect(error).toMatchObject({ code: 'InvalidOption' });
    expect((error as Error).message).toContain(
      'startMinio options has an unknown option "lancher": expected one of launcher, image, binary, accessKeyId, secretAccessKey, startupTimeoutMs, stopGraceMs, corsAllowOrigin, got "lancher". Did you mean "launcher"?',
    );
    await expect(startMinio(null as never)).rejects.toThrow(
      'startMinio options: expected an options object, got null.',
    );
  });
});

describe('connectMinio options', () => {
  const info = {
    endpoint: 'http://127.0.0.1:9',
    accessKeyId: 'edgecase',
    secretAccessKey: 'edgecase-secret',
  };

  it('refuses unknown keys and missing fields with what it expected', async () => {
    expect(() => connectMinio({ ...info, secretKey: 'x' } as never)).toThrow(
      'connectMinio info has an unknown option "secretKey": expected one of endpoint, accessKeyId, secretAccessKey, available, launcher, got "secretKey".',
    );
    expect(() => connectMinio({ endpoint: info.endpoint } as never)).toThrow(
      'connectMinio accessKeyId: expected a non-empty string, got undefined.',
    );
    expect(() => connectMinio('http://127.0.0.1:9000' as never)).toThrow(
      'connectMinio info: expected an options object, got "http://127.0.0.1:9000".',
    );
    await expect(
      connectMinio(info).restrictedCredentials({ bucket: 'b', actions: [], duration: 60 } as never),
    ).rejects.toThrow(/unknown option "duration".*Did you mean "durationSeconds"\?/);
  });

  it('names a binary that is not there, and how to build one', async () => {
    const error: Error = await startMinio({ launcher: 'binary', binary: '/nonexistent/minio' }).then(
      () => new Error('started'),
      (reason: Error) => reason,
    );
    expect(error).toBeInstanceOf(EdgecaseError);
    expect(error.message).toContain('/nonexistent/minio is not an executable file.');
    expect(error.message).toContain('scripts/provision-minio.sh');
  });
});

describe('a binary that exits instead of serving', () => {
  it('fails at once with the exit status and its last lines, and leaves no data behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecase-fake-minio-'));
    const fake = join(dir, 'minio');
    writeFileSync(fake, '#!/bin/sh\necho "FATAL Unable to use the drive: boom" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    try {
      const started = performance.now();
      const error: Error = await startMinio({ launcher: 'binary', binary: fake }).then(
        () => new Error('started'),
        (reason: Error) => reason,
      );
      expect(performance.now() - started).toBeLessThan(5000);
      expect(error.message).toMatch(
        /did not become healthy at http:\/\/127\.0\.0\.1:\d+ within 60000 ms \(MinIO exited \(exit code 3\)\)/,
      );
      expect(error.message).toContain('    FATAL Unable to use the drive: boom');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding the binary', () => {
  it('prefers EDGECASE_MINIO_BINARY, then the provisioned cache under EDGECASE_CACHE_DIR', () => {
    expect(findMinioBinary({ EDGECASE_MINIO_BINARY: '/opt/minio' })).toBe('/opt/minio');
    expect(cachedBinaryPath({ EDGECASE_CACHE_DIR: '/cache' })).toBe(`/cache/minio/${MINIO_VERSION}/minio`);
    expect(findMinioBinary({ EDGECASE_CACHE_DIR: '/nonexistent', PATH: '' })).toBeUndefined();
  });
});
