import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { SeededRandom } from '../clock/random.js';
import { InvalidationService } from './invalidation-service.js';
import type { InvalidationHost } from './types.js';

function service(isUpstream?: (id: string) => boolean) {
  const clock = new ManualClock({ start: 0 });
  const purged: [string, number][] = [];
  const host: InvalidationHost = {
    clock,
    random: new SeededRandom(3),
    nodeIds: () => ['SFO5-C1', 'SFO5-C2', 'SFO5-C3', 'REC-us-east-1'],
    purge: (nodeId) => {
      purged.push([nodeId, clock.now()]);
      return 0;
    },
    propagation: { minMs: 10_000, maxMs: 100_000 },
    ...(isUpstream ? { isUpstream } : {}),
  };
  return { clock, purged, service: new InvalidationService(host) };
}

describe('propagation order', () => {
  it('purges upstream nodes first, at the start of the window, so edges cannot refill old copies', async () => {
    const { clock, purged, service: s } = service((id) => id.startsWith('REC-'));
    const invalidation = s.create(['/a']);
    expect(invalidation.reachedAtMs.get('REC-us-east-1')).toBe(10_000);
    await clock.advance('100s');
    expect(purged[0]).toEqual(['REC-us-east-1', 10_000]);
    for (const [, atMs] of purged.slice(1)) expect(atMs).toBeGreaterThanOrEqual(10_000);
  });

  it('without isUpstream every node draws its own moment', () => {
    const { service: s } = service();
    const moments = [...s.create(['/a']).reachedAtMs.values()];
    expect(new Set(moments).size).toBe(4);
  });
});
