import { MinioContainer, type StartedMinioContainer } from '@testcontainers/minio';

/** Hosts that name this machine's loopback interface. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Whether the container engine's published ports are reached on this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
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
    if (this.#loopback) this.hostConfig.PortBindings = onLoopback(this.hostConfig.PortBindings ?? {});
    return super.start();
  }
}
