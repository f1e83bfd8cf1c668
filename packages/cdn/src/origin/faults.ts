/**
 * Fault injection for any origin. These model §3 "Origin unavailable" [CFDG
 * RequestAndResponseBehaviorCustomOrigin #ResponseCustomOriginUnavailable; HTTPStatusCodes] — an
 * origin that refuses connections, answers 5xx or times out, where CloudFront serves a stale copy or
 * an error — and §8 "Origin timeouts" [CFDG distribution-web-values-specify]: a connection timeout
 * (default 10 s × 3 attempts) and a response timeout (default 30 s). The origin never enforces a
 * timeout itself: a timed-out fetch simply never settles, and the CDN's own timers decide, telling
 * the two apart by whether the origin called `context.onConnect`.
 */
import { STATUS_CODES } from 'node:http';
import type { Clock } from '../clock/clock.js';
import { type Duration, toMs } from '../clock/duration.js';
import { describe, invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { ClockBinding } from './clock-binding.js';
import {
  type HeaderMap,
  type Origin,
  type OriginFetchContext,
  type OriginRequest,
  type OriginResponse,
  OriginUnreachableError,
} from './types.js';

/** When and to which requests a fault applies. Without any of these it applies to every request. */
export interface FaultSchedule {
  /** Starts this long after the fault is added (needs a bound clock). */
  after?: Duration;
  /** Ends this long after it starts (needs a bound clock). `0` never applies. */
  for?: Duration;
  /** Only requests whose path matches; `*` matches any characters, `/` included. */
  path?: string;
  /** Ends after answering this many requests. `0` never applies. */
  times?: number;
}

const SCHEDULE_KEYS = optionKeys<FaultSchedule>()(['after', 'for', 'path', 'times']);

export interface FaultHandle {
  /** Removes this fault. */
  clear(): void;
  /** How many requests this fault has answered. */
  readonly hits: number;
}

export interface FaultController {
  /** No connection: `refused` (default) rejects at once; `timeout` never answers (connection timeout). */
  outage(options?: FaultSchedule & { mode?: 'refused' | 'timeout' }): FaultHandle;
  /** Answers `status` (e.g. 500, 503) instead of the real response. */
  respond(
    status: number,
    options?: FaultSchedule & { headers?: HeaderMap; body?: string | Uint8Array },
  ): FaultHandle;
  /** Delivers the real answer `duration` later on the clock (the origin reads its state on arrival). */
  latency(duration: Duration, options?: FaultSchedule): FaultHandle;
  /** Accepts the connection but never answers (response timeout). */
  timeout(options?: FaultSchedule): FaultHandle;
  /** Removes every fault. */
  clear(): void;
}

export interface FaultyOrigin extends Origin {
  readonly faults: FaultController;
}

type Next = (request: OriginRequest, context: OriginFetchContext) => Promise<OriginResponse>;
type Action = (request: OriginRequest, context: OriginFetchContext, next: Next) => Promise<OriginResponse>;

interface Fault {
  startMs: number | undefined;
  endMs: number | undefined;
  pattern: RegExp | undefined;
  times: number | undefined;
  hits: number;
  action: Action;
}

/** A fault controller and the fetch step that applies it; shared by withFaults and the built-in origins. */
export interface FaultLayer {
  readonly controller: FaultController;
  /** Whether no fault is set (none can apply to a request). */
  readonly idle: boolean;
  fetch(request: OriginRequest, context: OriginFetchContext, next: Next): Promise<OriginResponse>;
}

const never = (): Promise<OriginResponse> => new Promise<OriginResponse>(() => {});
const encoder = new TextEncoder();

export function createFaultLayer(clock: ClockBinding, originName: string): FaultLayer {
  let faults: Fault[] = [];

  const add = (options: FaultSchedule | undefined, action: Action): FaultHandle => {
    const fault = { ...schedule(options ?? {}, clock), hits: 0, action };
    faults.push(fault);
    return {
      clear: () => {
        faults = faults.filter((other) => other !== fault);
      },
      get hits() {
        return fault.hits;
      },
    };
  };

  const controller: FaultController = {
    outage(options = {}) {
      checkOptionKeys(options, [...SCHEDULE_KEYS, 'mode'], 'faults.outage() options');
      const mode = options.mode ?? 'refused';
      if (mode !== 'refused' && mode !== 'timeout')
        invalid('InvalidOption', 'outage mode', "'refused' or 'timeout'", mode);
      return add(options, (request) =>
        mode === 'timeout'
          ? never()
          : Promise.reject(
              new OriginUnreachableError(
                `${originName}: connection refused for ${request.method} ${request.path} (faults.outage()).`,
                'refused',
              ),
            ),
      );
    },
    respond(status, options = {}) {
      checkOptionKeys(options, [...SCHEDULE_KEYS, 'headers', 'body'], 'faults.respond() options');
      const response = cannedResponse(status, options.headers, options.body);
      return add(options, async (_request, context) => {
        context.onConnect?.();
        return { status: response.status, headers: { ...response.headers }, body: response.body };
      });
    },
    latency(duration, options = {}) {
      checkOptionKeys(options, SCHEDULE_KEYS, 'faults.latency() options');
      const delayMs = toMs(duration, 'latency duration');
      return add(options, async (request, context, next) => {
        context.onConnect?.();
        // The delay starts on the clock when the request arrives, alongside the origin's own work, so
        // an origin that answers in real time (MinIO) and one that answers at once behave alike.
        const delay = delayMs > 0 ? (clock.current ?? context.clock).sleep(delayMs) : undefined;
        const response = await next(request, context);
        if (delay) await delay;
        return response;
      });
    },
    timeout(options = {}) {
      checkOptionKeys(options, SCHEDULE_KEYS, 'faults.timeout() options');
      return add(options, (_request, context) => {
        context.onConnect?.();
        return never();
      });
    },
    clear() {
      faults = [];
    },
  };

  return {
    controller,
    get idle() {
      return faults.length === 0;
    },
    fetch(request, context, next) {
      const nowMs = (clock.current ?? context.clock).now();
      // The most recently added active fault wins.
      for (let i = faults.length - 1; i >= 0; i--) {
        const fault = faults[i] as Fault;
        if (!isActive(fault, nowMs, request.path)) continue;
        fault.hits += 1;
        return fault.action(request, context, next);
      }
      return next(request, context);
    },
  };
}

/** Wraps any origin so faults can be injected into it; `bindClock` reaches the wrapped origin too. */
export function withFaults(origin: Origin, clock?: Clock): FaultyOrigin {
  if (typeof origin?.fetch !== 'function' || typeof origin.name !== 'string') {
    invalid('InvalidOrigin', 'withFaults origin', 'an Origin ({ kind, name, fetch })', origin);
  }
  const binding = new ClockBinding(`withFaults(${origin.name})`, clock);
  if (clock !== undefined) origin.bindClock?.(clock);
  const layer = createFaultLayer(binding, origin.name);
  const bindClock = (next: Clock) => {
    binding.bind(next);
    origin.bindClock?.(next);
  };
  return {
    kind: origin.kind,
    name: origin.name,
    faults: layer.controller,
    bindClock,
    async fetch(request, context) {
      if (binding.current === undefined) bindClock(context.clock);
      return layer.fetch(request, context, (forwarded, forwardedContext) =>
        origin.fetch(forwarded, forwardedContext),
      );
    },
  };
}

function isActive(fault: Fault, nowMs: number, path: string): boolean {
  if (fault.startMs !== undefined && nowMs < fault.startMs) return false;
  if (fault.endMs !== undefined && nowMs >= fault.endMs) return false;
  if (fault.times !== undefined && fault.hits >= fault.times) return false;
  return fault.pattern === undefined || fault.pattern.test(path) || fault.pattern.test(safeDecode(path));
}

function schedule(options: FaultSchedule, clock: ClockBinding): Omit<Fault, 'hits' | 'action'> {
  if (typeof options !== 'object' || options === null)
    invalid('InvalidOption', 'fault options', 'an object', options);
  const afterMs = options.after === undefined ? undefined : toMs(options.after, 'fault option `after`');
  const forMs = options.for === undefined ? undefined : toMs(options.for, 'fault option `for`');
  const { times, path } = options;
  if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
    invalid('InvalidOption', 'fault option `times`', 'an integer >= 0', times);
  }
  if (path !== undefined && (typeof path !== 'string' || !(path.startsWith('/') || path.startsWith('*')))) {
    invalid(
      'InvalidOption',
      'fault option `path`',
      "a path glob starting with '/' or '*', such as '/images/*'",
      path,
    );
  }
  let startMs: number | undefined;
  let endMs: number | undefined;
  if (afterMs !== undefined || forMs !== undefined) {
    startMs = clock.require('a fault with `after` or `for`').now() + (afterMs ?? 0);
    if (forMs !== undefined) endMs = startMs + forMs;
  }
  return { startMs, endMs, times, pattern: path === undefined ? undefined : globToRegExp(path) };
}

/** `*` matches any characters (including `/`); everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

function cannedResponse(status: number, headers: HeaderMap | undefined, body: unknown): OriginResponse {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    invalid('InvalidOption', 'faults.respond status', 'an HTTP status code from 100 to 599', status);
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    invalid('InvalidOption', 'faults.respond headers', 'a record of header names to strings', headers);
  }
  let bytes: Uint8Array;
  if (body === undefined) {
    bytes = encoder.encode(
      `${status} ${STATUS_CODES[status] ?? 'Status'} (injected by edgecase faults.respond)\n`,
    );
  } else if (typeof body === 'string') {
    bytes = encoder.encode(body);
  } else if (body instanceof Uint8Array) {
    bytes = new Uint8Array(body);
  } else {
    return invalid('InvalidOption', 'faults.respond body', 'a string or a Uint8Array', body);
  }
  const lowerCased: HeaderMap = { 'content-type': 'text/plain; charset=utf-8' };
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string')
      invalid('InvalidHeader', `faults.respond header ${describe(name)}`, 'a string', value);
    lowerCased[name.toLowerCase()] = value;
  }
  lowerCased['content-length'] = String(bytes.length);
  return { status, headers: lowerCased, body: bytes };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
