import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import { globToRegExp, withFaults } from './faults.js';
import { type Origin, type OriginRequest, OriginUnreachableError } from './types.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** An origin that answers 200 "ok" and remembers when each request arrived. */
function stubOrigin() {
  const arrivals: number[] = [];
  const origin: Origin & { arrivals: number[] } = {
    kind: 'custom',
    name: 'stub',
    arrivals,
    bindClock: vi.fn(),
    async fetch(_request, context) {
      arrivals.push(context.clock.now());
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: new TextEncoder().encode('ok') };
    },
  };
  return origin;
}

function setup() {
  const clock = new ManualClock({ start: 0 });
  const inner = stubOrigin();
  const origin = withFaults(inner, clock);
  const onConnect = vi.fn();
  const fetch = (path = '/a.txt') => {
    const request: OriginRequest = { method: 'GET', path, query: '', headers: {} };
    return origin.fetch(request, { clock, onConnect });
  };
  return { clock, inner, origin, fetch, onConnect };
}

/** Lets pending continuations run, then reports whether `promise` has settled. */
async function state(promise: Promise<unknown>): Promise<'pending' | 'fulfilled' | 'rejected'> {
  let result: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  promise.then(
    () => {
      result = 'fulfilled';
    },
    () => {
      result = 'rejected';
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return result;
}

describe('withFaults', () => {
  it('passes requests through while no fault is set', async () => {
    const { fetch, origin, inner } = setup();
    expect((await fetch()).status).toBe(200);
    expect(origin.kind).toBe('custom');
    expect(origin.name).toBe('stub');
    expect(inner.bindClock).toHaveBeenCalledTimes(1);
  });

  it('outage() refuses connections at once with OriginUnreachableError', async () => {
    const { fetch, origin, onConnect, inner } = setup();
    origin.faults.outage();
    const error = await fetch('/x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OriginUnreachableError);
    expect(error).toMatchObject({
      kind: 'refused',
      message: 'stub: connection refused for GET /x (faults.outage()).',
    });
    expect(onConnect).not.toHaveBeenCalled();
    expect(inner.arrivals).toEqual([]);
  });

  it("outage({ mode: 'timeout' }) never answers and never connects (the CDN's connection timeout decides)", async () => {
    const { fetch, origin, onConnect, clock } = setup();
    origin.faults.outage({ mode: 'timeout' });
    const pending = fetch();
    await clock.advance('10m');
    expect(await state(pending)).toBe('pending');
    expect(onConnect).not.toHaveBeenCalled();
  });

  it("timeout() connects but never answers (the CDN's response timeout decides)", async () => {
    const { fetch, origin, onConnect, clock } = setup();
    origin.faults.timeout();
    const pending = fetch();
    await clock.advance('10m');
    expect(await state(pending)).toBe('pending');
    expect(onConnect).toHaveBeenCalledTimes(1);
  });

  it('respond() answers a status with a short default text body', async () => {
    const { fetch, origin, onConnect } = setup();
    origin.faults.respond(503);
    const response = await fetch();
    expect(response.status).toBe(503);
    expect(decode(response.body)).toBe('503 Service Unavailable (injected by edgecase faults.respond)\n');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(response.body.length));
    expect(onConnect).toHaveBeenCalled();
  });

  it('respond() takes headers (lower-cased) and a body, including an empty one', async () => {
    const { fetch, origin } = setup();
    origin.faults.respond(500, { headers: { 'Cache-Control': 'max-age=5' }, body: '' });
    const response = await fetch();
    expect(response.headers['cache-control']).toBe('max-age=5');
    expect(response.body).toHaveLength(0);
    expect(response.headers['content-length']).toBe('0');
  });

  it('latency() reads the origin on arrival and delivers the answer later on the clock', async () => {
    const { fetch, origin, clock, inner, onConnect } = setup();
    origin.faults.latency('2s');
    const pending = fetch();
    expect(await state(pending)).toBe('pending');
    expect(inner.arrivals).toEqual([0]);
    expect(onConnect).toHaveBeenCalled();
    await clock.advance(1999);
    expect(await state(pending)).toBe('pending');
    await clock.advance(1);
    expect((await pending).status).toBe(200);
  });

  it('latency(0) answers without delay', async () => {
    const { fetch, origin } = setup();
    origin.faults.latency(0);
    const pending = fetch();
    expect(await state(pending)).toBe('fulfilled');
  });

  it('schedules a fault from now+after for the given duration', async () => {
    const { fetch, origin, clock } = setup();
    origin.faults.respond(500, { after: '10s', for: '5s' });
    expect((await fetch()).status).toBe(200);
    await clock.advance('10s');
    expect((await fetch()).status).toBe(500);
    await clock.advance(4999);
    expect((await fetch()).status).toBe(500);
    await clock.advance(1);
    expect((await fetch()).status).toBe(200);
  });

  it('applies a fault the given number of times, and never for times 0 or for 0', async () => {
    const { fetch, origin } = setup();
    const twice = origin.faults.respond(502, { times: 2 });
    expect([(await fetch()).status, (await fetch()).status, (await fetch()).status]).toEqual([502, 502, 200]);
    expect(twice.hits).toBe(2);
    origin.faults.respond(503, { times: 0 });
    origin.faults.respond(504, { for: 0 });
    expect((await fetch()).status).toBe(200);
  });

  it('matches paths with * globs, encoded or decoded', async () => {
    const { fetch, origin } = setup();
    origin.faults.respond(500, { path: '/images/*' });
    expect((await fetch('/images/a/b.png')).status).toBe(500);
    expect((await fetch('/img/a.png')).status).toBe(200);
    origin.faults.respond(503, { path: '/a b.txt' });
    expect((await fetch('/a%20b.txt')).status).toBe(503);
  });

  it('lets the most recently added active fault win, and clear() remove one or all', async () => {
    const { fetch, origin } = setup();
    origin.faults.respond(500);
    const newer = origin.faults.respond(503);
    expect((await fetch()).status).toBe(503);
    newer.clear();
    expect((await fetch()).status).toBe(500);
    origin.faults.clear();
    expect((await fetch()).status).toBe(200);
  });

  it('skips a newer fault that is not active yet', async () => {
    const { fetch, origin } = setup();
    origin.faults.respond(500);
    origin.faults.respond(503, { after: '1m' });
    expect((await fetch()).status).toBe(500);
  });
});

describe('withFaults clock binding', () => {
  it('needs a clock for after/for, and adopts the one bindClock gives', () => {
    const inner = stubOrigin();
    const origin = withFaults(inner);
    expect(() => origin.faults.outage({ after: '1s' })).toThrow(
      expect.objectContaining({ code: 'ClockNotBound' }),
    );
    expect(() => origin.faults.outage({ times: 1 })).not.toThrow();
    const clock = new ManualClock();
    origin.bindClock?.(clock);
    expect(inner.bindClock).toHaveBeenCalledWith(clock);
    expect(() => origin.faults.outage({ after: '1s' })).not.toThrow();
    expect(() => origin.bindClock?.(new ManualClock())).toThrow(
      expect.objectContaining({ code: 'ClockMismatch' }),
    );
  });

  it('adopts the clock of the first fetch when none is bound', async () => {
    const origin = withFaults(stubOrigin());
    const clock = new ManualClock();
    await origin.fetch({ method: 'GET', path: '/', query: '', headers: {} }, { clock });
    expect(() => origin.faults.respond(500, { for: '1s' })).not.toThrow();
  });
});

describe('fault validation', () => {
  it('rejects bad statuses, counts, paths, modes and bodies with messages naming the value', () => {
    const { origin } = setup();
    const message = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof EdgecaseError) return `${error.code}: ${error.message}`;
        throw error;
      }
      return 'no error';
    };
    expect(message(() => origin.faults.respond(99))).toBe(
      'InvalidOption: [edgecase] faults.respond status: expected an HTTP status code from 100 to 599, got 99.',
    );
    expect(message(() => origin.faults.respond(500, { times: -1 }))).toContain(
      'expected an integer >= 0, got -1',
    );
    expect(message(() => origin.faults.respond(500, { times: 1.5 }))).toContain('got 1.5');
    expect(message(() => origin.faults.timeout({ path: 'images/*' }))).toContain("starting with '/' or '*'");
    expect(message(() => origin.faults.outage({ mode: 'reset' as 'refused' }))).toContain(`got "reset"`);
    expect(message(() => origin.faults.latency('soon' as '1s'))).toContain('InvalidDuration');
    expect(message(() => origin.faults.respond(500, { body: 5 as unknown as string }))).toContain(
      'faults.respond body: expected a string or a Uint8Array, got 5.',
    );
  });
});

describe('globToRegExp', () => {
  it('treats only * as special', () => {
    expect(globToRegExp('/a.b?*').test('/a.b?c/d')).toBe(true);
    expect(globToRegExp('/a.b').test('/axb')).toBe(false);
    expect(globToRegExp('*').test('/anything')).toBe(true);
  });
});
