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
    expect(['localhost', '127.0.0.1', '::1'].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(['docker.internal', '10.0.0.5', ''].map(isLoopbackHost)).toEqual([false, false, false]);
  });
});
