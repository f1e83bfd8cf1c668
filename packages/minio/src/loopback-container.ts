import { networkInterfaces } from 'node:os';
import { MinioContainer, type StartedMinioContainer } from '@testcontainers/minio';
import { Wait } from 'testcontainers';

/** Hosts that name this machine's loopback interface. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The addresses of this machine's own network interfaces. */
function ownAddresses(): Set<string> {
  return new Set(
    Object.values(networkInterfaces())
      .flat()
      .map((address) => address?.address)
      .filter((address): address is string => address !== undefined),
  );
}

/**
 * Whether the container engine publishes its ports on this machine, so that 127.0.0.1 reaches them:
 * the host testcontainers resolved is loopback, or one of this machine's own addresses. The second
 * case is a Docker engine started inside a container (CI's, scripts/start-docker.sh): testcontainers
 * sees `/.dockerenv` and resolves the bridge gateway (172.17.0.1), which is our own docker0.
 */
export function isLoopbackHost(host: string, own: Set<string> = ownAddresses()): boolean {
  return LOOPBACK_HOSTS.has(host) || own.has(host.replace(/^\[|\]$/g, ''));
}

type PortBindings = Record<string, { HostIp?: string; HostPort?: string }[]>;

/** The same port bindings, each on 127.0.0.1 (Docker's `HostIp`; absent means every interface). */
export function onLoopback(bindings: PortBindings): PortBindings {
  return Object.fromEntries(
    Object.entries(bindings).map(([port, hosts]) => [
      port,
      hosts.map((host) => ({ ...host, HostIp: '127.0.0.1' })),
    ]),
  );
}

/**
 * `MinioContainer` whose published ports listen on 127.0.0.1 only. Docker publishes a bare host
 * port on every interface (0.0.0.0 and ::), which with the well-known default credentials would
 * open the bucket to the network; testcontainers 12 has no host-IP option for ports, so this sets
 * `HostIp` in the create options' `HostConfig.PortBindings` that `withExposedPorts` wrote.
 * Only for an engine on this machine: a remote engine's ports must stay reachable from here.
 */
export class LoopbackMinioContainer extends MinioContainer {
  #loopback = true;

  /** Publish on 127.0.0.1 (default) or, for a remote engine, as Docker does by default. */
  withLoopbackPorts(loopback: boolean): this {
    this.#loopback = loopback;
    return this;
  }

  override async start(): Promise<StartedMinioContainer> {
    if (this.#loopback) {
      this.hostConfig.PortBindings = onLoopback(this.hostConfig.PortBindings ?? {});
      // The default wait asks /minio/health/live on the host testcontainers resolved, which inside a
      // container is the bridge gateway, where a port bound to 127.0.0.1 does not answer. Wait for
      // MinIO's "API:" line instead; the caller then polls the health check on 127.0.0.1.
      this.withWaitStrategy(Wait.forLogMessage(/^API: /m));
    }
    return super.start();
  }
}
