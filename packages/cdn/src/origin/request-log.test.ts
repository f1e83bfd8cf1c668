import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

describe('RequestLog', () => {
  it('records arrivals with status 0 until answered', () => {
    const log = new RequestLog();
    const answer = log.arrive(1000, 'GET', '/a.txt', '');
    expect(log.records).toEqual([{ atMs: 1000, method: 'GET', path: '/a.txt', query: '', status: 0 }]);
    answer(200);
    expect(log.records[0]?.status).toBe(200);
  });

  it('keeps only the last `limit` records but counts every request', () => {
    const log = new RequestLog(2);
    log.arrive(1, 'GET', '/a', '');
    log.arrive(2, 'GET', '/b', '');
    log.arrive(3, 'HEAD', '/a', 'v=1');
    expect(log.records.map((record) => record.atMs)).toEqual([2, 3]);
    expect(log.count()).toBe(3);
    expect(log.count('/a')).toBe(2);
    expect(log.count('/missing')).toBe(0);
  });

  it('counts nothing before the first request', () => {
    const log = new RequestLog();
    expect(log.count()).toBe(0);
    expect(log.records).toEqual([]);
  });

  it('hands out copies, so a snapshot does not change later', () => {
    const log = new RequestLog();
    const answer = log.arrive(1, 'GET', '/a', '');
    const snapshot = log.records;
    answer(304);
    expect(snapshot[0]?.status).toBe(0);
  });
});
