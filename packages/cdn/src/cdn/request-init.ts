import { invalid } from '../errors.js';
import { checkOptionKeys } from '../options/strict-keys.js';
import type { RoutingOption } from '../routing/router.js';
import {
  checkViewerAttributes,
  hasViewerAttributes,
  VIEWER_ATTRIBUTE_KEYS,
  type ViewerAttributes,
} from '../routing/viewer-attributes.js';

/**
 * `fetch` options plus who is asking (`viewer`, and its `country`, `ip` and `userAgent`, which win
 * over a named viewer's) and, optionally, where the request lands.
 */
export interface CdnRequestInit extends RequestInit, ViewerAttributes {
  /** A named viewer (a browser); sticky routing keys on it. Default `'anonymous'`. */
  viewer?: string;
  /** Pin this request to an edge location (`'SFO5'`) and optionally a server (1-based). */
  pop?: string;
  server?: number;
  routing?: RoutingOption;
}

// RequestInit's keys (WHATWG fetch and Node's undici) and the simulation's own.
const REQUEST_INIT_KEYS = [
  'method',
  'headers',
  'body',
  'signal',
  'redirect',
  'referrer',
  'referrerPolicy',
  'mode',
  'credentials',
  'cache',
  'integrity',
  'keepalive',
  'window',
  'duplex',
  'priority',
  'dispatcher',
  'viewer',
  'pop',
  'server',
  'routing',
  ...VIEWER_ATTRIBUTE_KEYS,
];

const KNOWN = new Set(REQUEST_INIT_KEYS);

/** Checks `cdn.fetch`'s init: no unknown key (a typo such as `sever: 2` is not ignored), typed pins. */
export function checkRequestInit(init: CdnRequestInit): void {
  // On every request: a Set lookup per key; the message (and its did-you-mean) only for a bad one.
  if (typeof init !== 'object' || init === null) checkOptionKeys(init, REQUEST_INIT_KEYS, 'cdn.fetch init');
  for (const key in init) if (!KNOWN.has(key)) checkOptionKeys(init, REQUEST_INIT_KEYS, 'cdn.fetch init');
  if (init.viewer !== undefined && (typeof init.viewer !== 'string' || init.viewer === '')) {
    invalid('InvalidOption', 'cdn.fetch init.viewer', "a viewer name such as 'browser'", init.viewer);
  }
  if (init.pop !== undefined && typeof init.pop !== 'string') {
    invalid('InvalidOption', 'cdn.fetch init.pop', "an edge location id such as 'SFO5'", init.pop);
  }
  if (init.server !== undefined && (typeof init.server !== 'number' || !Number.isInteger(init.server))) {
    invalid(
      'InvalidOption',
      'cdn.fetch init.server',
      'a server number such as 2 (a number, 1-based)',
      init.server,
    );
  }
  if (hasViewerAttributes(init)) checkViewerAttributes(init, 'cdn.fetch init');
}
