import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { ContainerRuntimeClient } from 'testcontainers';

/** Labels on every container edgecase starts; the guard removes the ones with its session. */
export const SESSION_LABEL = 'edgecase.minio.session';
export const OWNER_PID_LABEL = 'edgecase.minio.owner-pid';
export const OWNER_HOST_LABEL = 'edgecase.minio.owner-host';

/**
 * The reaper for containers when testcontainers' Ryuk is off (or cannot be pulled): a small Node
 * process in its own process group that holds a pipe from this one. When the pipe closes (a normal
 * stop, an exit, a crash, SIGKILL) it removes every container labelled with this session, with
 * testcontainers' own Docker client (the same engine, socket and environment this process used).
 */
const GUARD = `
const [client, label] = process.argv.slice(1);
let reaping = false;
async function reap() {
  if (reaping) return;
  reaping = true;
  setTimeout(() => process.exit(1), 60_000).unref(); // an engine that no longer answers
  try {
    const { getContainerRuntimeClient } = require(client);
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const found = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [label] }) });
    await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
process.stdin.on('end', reap).on('error', reap).resume();
`;

export interface ContainerGuard {
  /** Labels to put on the container so the guard finds it. */
  readonly labels: Record<string, string>;
  /** Closes the pipe: the guard removes what is left of the session, then exits. */
  release(): Promise<void>;
}

/** Starts a guard for one container session; it outlives this process long enough to clean up. */
export function startContainerGuard(): ContainerGuard {
  const session = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const client = createRequire(import.meta.url).resolve('testcontainers');
  const child: ChildProcess = spawn(process.execPath, ['-e', GUARD, client, `${SESSION_LABEL}=${session}`], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // Neither the guard nor its pipe keeps this process alive; the pipe closes when it exits.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.stdin?.on('error', () => {});
  let released: Promise<void> | undefined;
  return {
    labels: {
      [SESSION_LABEL]: session,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: hostname(),
    },
    release: () => {
      released ??= (async () => {
        child.ref(); // keep this process alive until the guard has removed what was left
        child.stdin?.end();
        await exited;
      })();
      return released;
    },
  };
}

/**
 * The second line, for a guard killed together with its owner (e.g. `kill -9` of the whole process
 * tree): each start removes the containers of earlier sessions on this host whose owner process is
 * gone. Containers of other hosts, or whose owner still runs, are left alone.
 */
export async function removeOrphans(client: ContainerRuntimeClient): Promise<string[]> {
  const docker = client.container.dockerode;
  const found = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${OWNER_HOST_LABEL}=${hostname()}`] }),
  });
  const orphans = found.filter((container) => !isAlive(Number(container.Labels[OWNER_PID_LABEL])));
  await Promise.all(
    orphans.map((container) =>
      docker
        .getContainer(container.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  return orphans.map((container) => container.Id);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // not ours to judge
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
