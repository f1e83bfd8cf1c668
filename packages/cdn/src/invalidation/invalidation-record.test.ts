import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { parseInvalidationItem } from './invalidation-path.js';
import { InvalidationRecord } from './invalidation-record.js';
import type { InvalidationEntryView } from './types.js';

const items = [parseInvalidationItem('/a', { cacheTagsEnabled: false })];

describe('InvalidationRecord', () => {
  it('purges each node at its moment and records how many entries it removed', async () => {
    const clock = new ManualClock({ start: 0 });
    const held: Record<string, InvalidationEntryView[]> = {
      n1: [{ path: '/a', keyQuery: '', tags: [] }],
      n2: [
        { path: '/a', keyQuery: '', tags: [] },
        { path: '/a', keyQuery: '', tags: [] },
        { path: '/b', keyQuery: '', tags: [] },
      ],
    };
    const purge = (nodeId: string, matches: (e: InvalidationEntryView) => boolean): number => {
      const before = held[nodeId]?.length ?? 0;
      held[nodeId] = (held[nodeId] ?? []).filter((e) => !matches(e));
      return before - (held[nodeId]?.length ?? 0);
    };
    const record = new InvalidationRecord(
      {
        id: 'IX',
        callerReference: 'ref',
        items,
        createTimeMs: 0,
        schedule: new Map([
          ['n1', 1000],
          ['n2', 3000],
        ]),
      },
      { clock, purge },
    );
    expect(record).toMatchObject({ paths: ['/a'], completesAtMs: 3000, status: 'InProgress' });
    await clock.advance(1000);
    expect([record.hasReached('n1'), record.hasReached('n2')]).toEqual([true, false]);
    await clock.advance(2000);
    expect(record.status).toBe('Completed');
    expect([...record.removedByNode]).toEqual([
      ['n1', 1],
      ['n2', 2],
    ]);
    expect(held.n2).toEqual([{ path: '/b', keyQuery: '', tags: [] }]);
  });

  it('with no nodes, is Completed at once and completes at its creation time', async () => {
    const clock = new ManualClock({ start: 5000 });
    const record = new InvalidationRecord(
      { id: 'IX', callerReference: 'ref', items, createTimeMs: 5000, schedule: new Map() },
      { clock, purge: () => 0 },
    );
    expect(record.status).toBe('Completed');
    expect(record.completesAtMs).toBe(5000);
    await expect(record.completed).resolves.toBe(record);
  });

  it('has not reached a node that was not scheduled', () => {
    const record = new InvalidationRecord(
      { id: 'IX', callerReference: 'ref', items, createTimeMs: 0, schedule: new Map([['n1', 10]]) },
      { clock: new ManualClock({ start: 0 }), purge: () => 0 },
    );
    expect(record.hasReached('unknown')).toBe(false);
  });
});
