import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdgecaseError } from '@edgecase/cdn';
import { RandomPortGenerator } from 'testcontainers';
import { isExecutable } from './defaults.js';
import { LogTail } from './log-tail.js';
import { waitHealthy } from './wait-healthy.js';

export interface RunningServer {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Runs MinIO through a small `sh` guard, in its own process group: the guard starts the server,
 * sends it SIGTERM as soon as its stdin closes and SIGKILL if it is still there after
 * $EDGECASE_MINIO_GRACE_S seconds, then removes the temporary directory. Node holds that stdin, so
 * the server dies with this process however it ends (normal exit, a crash, SIGKILL), even a server
 * that ignores SIGTERM: no orphans and no leftover data, even without an exit handler.
 *
 * The guard ignores SIGPIPE and writes nothing once the server runs (its stderr goes to /dev/null):
 * after this process died, a shell reporting a job killed by a signal ("Terminated") would write
 * into a closed pipe and die of SIGPIPE before its `rm -rf` (issue 8, item 9).
 */
const GUARD = [
  "trap '' PIPE",
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'server=$!',
  'exec >/dev/null 2>/dev/null </dev/null',
  '{',
  '  read -r _ <&3',
  '  kill -TERM "$server"',
  '  ticks=$((EDGECASE_MINIO_GRACE_S * 10))',
  '  while [ "$ticks" -gt 0 ] && kill -0 "$server"; do sleep 0.1; ticks=$((ticks - 1)); done',
  '  kill -KILL "$server"',
  '} &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$server"',
  'status=$?',
  'case "$EDGECASE_MINIO_ROOT" in */edgecase-minio-*) rm -rf -- "$EDGECASE_MINIO_ROOT" ;; esac',
  'kill "$watcher"',
  'exit "$status"',
].join('\n');

/** How long a server gets between SIGTERM and SIGKILL, by default. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/** Starts `binary server` on 127.0.0.1 with a free port and a temporary data directory. */
export async function startBinary(options: {
  binary: string;
  accessKeyId: string;
  secretAccessKey: string;
  timeoutMs: number;
  /** Extra server environment (MINIO_API_CORS_ALLOW_ORIGIN). */
  environment?: Record<string, string>;
  /** Between SIGTERM and SIGKILL when stopping; rounded up to whole seconds. */
  stopGraceMs?: number;
}): Promise<RunningServer> {
  const graceSeconds = Math.max(1, Math.ceil((options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS) / 1000));
  if (!isExecutable(options.binary)) {
    throw new EdgecaseError('InvalidOption', `startMinio: ${options.binary} is not an executable file.`, {
      value: options.binary,
      hint: 'Build it with scripts/provision-minio.sh (Go), or set EDGECASE_MINIO_BINARY to a MinIO server binary.',
    });
  }
  const port = await new RandomPortGenerator().generatePort();
  const root = mkdtempSync(join(tmpdir(), 'edgecase-minio-'));
  const endpoint = `http://127.0.0.1:${port}`;
  const args = [
    'server',
    join(root, 'data'),
    '--address',
    `127.0.0.1:${port}`,
    '--certs-dir',
    join(root, 'certs'),
    '--quiet',
  ];
  const log = new LogTail();
  const child: ChildProcess = spawn('/bin/sh', ['-c', GUARD, options.binary, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MINIO_ROOT_USER: options.accessKeyId,
      MINIO_ROOT_PASSWORD: options.secretAccessKey,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
      ...options.environment,
      EDGECASE_MINIO_ROOT: root,
      EDGECASE_MINIO_GRACE_S: String(graceSeconds),
    },
  });
  child.stdout?.on('data', (chunk) => log.push(chunk));
  child.stderr?.on('data', (chunk) => log.push(chunk));
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = error.message;
      resolve();
    });
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // Belt and braces for a normal exit of this process; the guard covers the rest.
  const onExit = () => {
    killGroup();
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      child.stdin?.end();
      if (exit === undefined) {
        // The guard escalates to SIGKILL after the grace; this is for a guard that cannot.
        const timer = setTimeout(killGroup, graceSeconds * 1000 + 2000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(root, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await waitHealthy(endpoint, {
      timeoutMs: options.timeoutMs,
      stopped: () => (exit ? `MinIO exited (${exit})` : undefined),
    });
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new EdgecaseError(
      'MinioUnavailable',
      `startMinio: ${options.binary} did not become healthy at ${endpoint} within ${options.timeoutMs} ms ` +
        `(${reason}). Run it by hand (\`minio server /tmp/x\`) to see more. Its last lines:\n${log.format()}`,
      { cause: error },
    );
  }
  return { endpoint, stop };
}
