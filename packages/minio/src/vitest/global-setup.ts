import type { TestProject } from 'vitest/node';
import { type StartedMinio, startMinio } from '../start-minio.js';
import type { ProvidedMinio } from './provided.js';

/**
 * Vitest global setup: one MinIO per test run, its endpoint provided to every worker as
 * `edgecaseMinio` (read it with `injectMinio()`), stopped after the run. When MinIO cannot be
 * started the suites that need it are skipped and ONE line says why and how to enable them, unless
 * EDGECASE_REQUIRE_MINIO=1 (CI), which turns the skip into a failure. EDGECASE_MINIO=off skips on
 * purpose; EDGECASE_MINIO_LAUNCHER picks `container` or `binary`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env.EDGECASE_REQUIRE_MINIO === '1';
  let started: StartedMinio | undefined;
  let provided: ProvidedMinio;
  if (process.env.EDGECASE_MINIO === 'off' && !required) {
    provided = { available: false, reason: 'EDGECASE_MINIO=off' };
  } else {
    try {
      started = await startMinio();
      provided = { available: true, launcher: started.launcher, ...started.info() };
      console.log(
        `[edgecase] MinIO for this run: ${started.launcher} at ${started.endpoint}, healthy in ${started.startupMs} ms` +
          (started.notes.length > 0 ? ` (not a container: ${started.notes.join('; ')})` : ''),
      );
    } catch (error) {
      if (required) throw error;
      provided = { available: false, reason: (error as Error).message.replace(/^\[edgecase\] /, '') };
    }
  }
  if (!provided.available) {
    console.warn(
      `[edgecase] MinIO suites skipped: ${provided.reason.split('\n')[0]} To run them, see docs/origins.md ` +
        '(scripts/provision-minio.sh builds MinIO); EDGECASE_REQUIRE_MINIO=1 makes this a failure.',
    );
  }
  project.provide('edgecaseMinio', provided);
  return async () => {
    await started?.stop();
  };
}
