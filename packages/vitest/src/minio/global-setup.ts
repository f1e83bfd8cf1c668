// The global setup `edgecase({ origin: 'minio' })` adds: @edgecase/minio's own global setup, run once
// per Vitest process however many projects use the plugin, so a run has one MinIO.
import type { TestProject } from 'vitest/node';

type Teardown = () => Promise<void>;

interface Shared {
  /** What @edgecase/minio's setup provided (`edgecaseMinio`), once it has run. */
  started: Promise<{ provided: unknown; teardown: Teardown }>;
  users: number;
}

// Global setups of every project run in the main process, each project with its own module graph:
// the shared MinIO lives on the global object.
const KEY = Symbol.for('@edgecase/vitest minio');
const holder = globalThis as { [KEY]?: Shared };

async function startShared(): Promise<{ provided: unknown; teardown: Teardown }> {
  const { default: setup } = await import('@edgecase/minio/global-setup');
  let provided: unknown;
  const capture = { provide: (_key: string, value: unknown) => (provided = value) } as unknown as TestProject;
  const teardown = await setup(capture);
  return { provided, teardown };
}

export default async function setup(project: TestProject): Promise<Teardown> {
  holder[KEY] ??= { started: startShared(), users: 0 };
  const shared = holder[KEY];
  shared.users++;
  try {
    const { provided } = await shared.started;
    project.provide('edgecaseMinio', provided as never);
  } catch (error) {
    if (--shared.users === 0) delete holder[KEY];
    throw error;
  }
  return async () => {
    if (--shared.users > 0) return;
    delete holder[KEY];
    await (await shared.started).teardown();
  };
}
