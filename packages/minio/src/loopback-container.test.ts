import { describe, expect, it } from 'vitest';
import { isLoopbackHost, onLoopback } from './loopback-container.js';

describe('publishing on loopback', () => {
  it('puts every binding of every port on 127.0.0.1, keeping its host port', () => {
    expect(onLoopback({ '9000/tcp': [{ HostPort: '0' }], '9001/tcp': [{ HostPort: '32770' }] })).toEqual({
      '9000/tcp': [{ HostPort: '0', HostIp: '127.0.0.1' }],
      '9001/tcp': [{ HostPort: '32770', HostIp: '127.0.0.1' }],
    });
  });

  it('only for an engine on this machine', () => {
    expect(['localhost', '127.0.0.1', '::1'].map((host) => isLoopbackHost(host))).toEqual([true, true, true]);
    expect(['docker.internal', '10.0.0.5', ''].map((host) => isLoopbackHost(host))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("counts the bridge gateway as this machine when it is one of this machine's own addresses", () => {
    // testcontainers resolves the bridge gateway when /.dockerenv exists; with dockerd started in the
    // same container, that gateway is our own docker0 and 127.0.0.1 reaches the published port.
    const own = new Set(['127.0.0.1', '10.1.2.3', '172.17.0.1', 'fe80::1']);
    expect(isLoopbackHost('172.17.0.1', own)).toBe(true);
    expect(isLoopbackHost('[fe80::1]', own)).toBe(true);
    expect(isLoopbackHost('172.18.0.1', own)).toBe(false);
  });
});
