import { EdgecaseError } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
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

describe('finding the binary', () => {
  it('prefers EDGECASE_MINIO_BINARY, then the provisioned cache under EDGECASE_CACHE_DIR', () => {
    expect(findMinioBinary({ EDGECASE_MINIO_BINARY: '/opt/minio' })).toBe('/opt/minio');
    expect(cachedBinaryPath({ EDGECASE_CACHE_DIR: '/cache' })).toBe(`/cache/minio/${MINIO_VERSION}/minio`);
    expect(findMinioBinary({ EDGECASE_CACHE_DIR: '/nonexistent', PATH: '' })).toBeUndefined();
  });
});
