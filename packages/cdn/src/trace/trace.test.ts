import { describe, expect, it } from 'vitest';
import { Trace, type TraceOriginFetch } from './trace.js';

const fetchRecord = (seq: number): TraceOriginFetch => ({
  type: 'origin',
  seq,
  atMs: seq,
  completedAtMs: seq,
  node: 'SFO5-C1',
  origin: 'origin',
  method: 'GET',
  path: `/${seq}`,
  query: '',
  conditional: false,
  result: 200,
  etag: undefined,
  attempts: 1,
  background: false,
  bytes: 0,
  requestId: `id-${seq}`,
});

describe('Trace', () => {
  it('keeps the most recent records up to its limit, oldest first, and counts what it dropped', () => {
    const trace = new Trace({ limit: 3 });
    for (let i = 1; i <= 5; i++) trace.add(fetchRecord(trace.nextSeq()));
    expect(trace.all().map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(trace.dropped).toBe(2);
    expect(trace.droppedThroughMs).toBe(2);
    expect(trace.size).toBe(3);
    expect(trace.originFetches({ path: '/4' })).toHaveLength(1);
    trace.clear();
    expect(trace.all()).toEqual([]);
    expect(trace.droppedThroughMs).toBe(5);
    trace.add(fetchRecord(trace.nextSeq()));
    expect(trace.all()[0]?.seq).toBe(6);
  });

  it('stays flat: 100,000 records in a ring of 1,000', () => {
    const trace = new Trace({ limit: 1000 });
    for (let i = 0; i < 100_000; i++) trace.add(fetchRecord(trace.nextSeq()));
    expect(trace.size).toBe(1000);
    expect(trace.all()[0]?.seq).toBe(99_001);
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => new Trace({ limit: 0 })).toThrow(/trace.limit: expected a whole number >= 1, got 0/);
  });
});
