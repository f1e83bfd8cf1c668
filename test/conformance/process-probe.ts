import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Processes whose command line contains `needle` (read from /proc; Linux only). */
export function processesMatching(needle: string): { pid: number; cmdline: string }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(needle)) found.push({ pid: Number(entry), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface ListeningSocket {
  pid: number;
  address: string;
  port: number;
  loopback: boolean;
}

function decodeAddress(hex: string): { address: string; loopback: boolean } {
  if (hex.length === 8) {
    const bytes = (hex.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
    return { address: bytes.join('.'), loopback: bytes[0] === 127 };
  }
  // IPv6 in four little-endian 32-bit words: ::1 and ::ffff:127.x are loopback.
  const loopback =
    hex === '00000000000000000000000001000000' || /^0000000000000000FFFF0000[0-9A-F]{6}7F$/i.test(hex);
  return { address: hex === '00000000000000000000000000000000' ? '::' : hex, loopback };
}

/** Every TCP socket in LISTEN state held by one of `pids`, with its local address (/proc/net/tcp{,6}). */
export function listeningSockets(pids: readonly number[]): ListeningSocket[] {
  const owner = new Map<string, number>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode) owner.set(inode, pid);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== '0A' || inode === undefined) continue;
      const pid = owner.get(inode);
      if (pid === undefined) continue;
      const [hex = '', port = '0'] = local.split(':');
      sockets.push({ pid, port: Number.parseInt(port, 16), ...decodeAddress(hex) });
    }
  }
  return sockets;
}

/** Every TCP socket in LISTEN state on `port`, whoever holds it. */
export function listenersOnPort(port: number): { address: string; loopback: boolean }[] {
  const found = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [hex = '', portHex = ''] = (fields[1] ?? '').split(':');
      if (fields[3] === '0A' && Number.parseInt(portHex, 16) === port) found.push(decodeAddress(hex));
    }
  }
  return found;
}

/** Polls `check` every 100 ms until it returns true or `timeoutMs` passes; returns the last result. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A Node process that starts MinIO through the built `@edgecase/minio` with `options` and prints
 * `{ endpoint, launcher }` as one JSON line, then idles until it is killed: a test run, as a user has it.
 */
export async function startOwner(
  options: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; endpoint: string; launcher: string }> {
  const script = `
    import { startMinio } from '@edgecase/minio';
    const minio = await startMinio(${JSON.stringify(options)});
    console.log(JSON.stringify({ endpoint: minio.endpoint, launcher: minio.launcher }));
    setInterval(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`the owner process exited (${code}) before MinIO started:\n${stderr}`)),
    );
  });
  return { child, ...(JSON.parse(first) as { endpoint: string; launcher: string }) };
}
