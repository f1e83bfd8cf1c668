import { generateKeyPairSync } from 'node:crypto';
import { createCdn, KeyValueStore, memoryOrigin } from '@edgecase/cdn';
import { type Row, row } from './row.js';

const origin = memoryOrigin();
const HANDLER = 'function handler(event) { return event.request; }';
const withFunction =
  (fn: Record<string, unknown>, eventType = 'viewer-request') =>
  () =>
    createCdn({
      origin,
      defaultCacheBehavior: { functionAssociations: [{ eventType, function: fn }] },
    } as never);
const associations = (list: unknown) => () =>
  createCdn({ origin, defaultCacheBehavior: { functionAssociations: list } } as never);

/** CloudFront Functions: functions, functionAssociations and KeyValueStore inputs. */
export const edgeCodeRows: Row[] = [
  row('functionAssociations not a list', associations('viewer-request'), 'InvalidOption', '"viewer-request"'),
  row(
    'functionAssociations misspelt key',
    associations([{ eventTyp: 'viewer-request', function: { code: HANDLER } }]),
    'InvalidOption',
    'Did you mean "eventType"?',
  ),
  row(
    'function on an origin event',
    withFunction({ code: HANDLER }, 'origin-request'),
    'InvalidOption',
    '"origin-request"',
  ),
  row(
    'two viewer-request functions',
    associations([
      { eventType: 'viewer-request', function: { code: HANDLER } },
      { eventType: 'viewer-request', function: { code: HANDLER } },
    ]),
    'InvalidOption',
    '"viewer-request"',
  ),
  row(
    'functionARN not in functions',
    associations([{ eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::1:function/missing' }]),
    'NoSuchFunction',
    '"arn:aws:cloudfront::1:function/missing"',
  ),
  row(
    'function with both file and code',
    withFunction({ code: HANDLER, file: 'f.js' }),
    'InvalidOption',
    '"f.js"',
  ),
  row(
    'function file missing',
    withFunction({ file: '/nonexistent/fn.js' }),
    'InvalidOption',
    '"/nonexistent/fn.js"',
  ),
  row(
    'function runtime misspelt',
    withFunction({ code: HANDLER, runtime: 'cloudfront-js-3.0' }),
    'InvalidOption',
    '"cloudfront-js-3.0"',
  ),
  row(
    'function code over 10 KB',
    withFunction({ code: `${HANDLER}//${'x'.repeat(10_240)}` }),
    'InvalidFunction',
    'got 10291 bytes',
  ),
  row(
    'function with let on runtime 1.0',
    withFunction({ code: `let x = 1; ${HANDLER}`, runtime: 'cloudfront-js-1.0' }),
    'InvalidFunction',
    'got let (runtime 1.0 has var only)',
  ),
  row(
    'function with a syntax error',
    withFunction({ code: 'function handler(e) {' }),
    'InvalidFunction',
    'got Unexpected token',
  ),
  row(
    'function without handler',
    withFunction({ code: 'function main(e) { return e.request; }' }),
    'InvalidFunction',
    'got no top-level function named handler',
  ),
  row(
    'function importing fs',
    withFunction({ code: `import fs from 'fs'; ${HANDLER}` }),
    'InvalidFunction',
    'got an import of "fs"',
  ),
  row(
    'KeyValueStore on runtime 1.0',
    withFunction({ code: HANDLER, runtime: 'cloudfront-js-1.0', keyValueStore: {} }),
    'InvalidOption',
    '"cloudfront-js-1.0"',
  ),
  row(
    'KeyValueStore value not a string',
    () => new KeyValueStore({ a: 1 } as never),
    'InvalidOption',
    'got 1',
  ),
  row(
    'KeyValueStore file missing',
    () => new KeyValueStore({ file: '/nonexistent/kvs.json' }),
    'InvalidOption',
    '"/nonexistent/kvs.json"',
  ),
  row(
    'function safetyLimit not a duration',
    withFunction({ code: HANDLER, safetyLimit: 'soon' }),
    'InvalidDuration',
    '"soon"',
  ),
];

const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
  type: 'spki',
  format: 'pem',
}) as string;
const PEM_LIKE = '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----';
const keyed = (options: Record<string, unknown>) => () => createCdn({ origin, ...options } as never);

/** Signed URLs and cookies: keyGroups and trustedKeyGroups inputs. */
export const signingRows: Row[] = [
  row(
    'trustedKeyGroups unknown id',
    keyed({ defaultCacheBehavior: { trustedKeyGroups: ['kg-x'] } }),
    'InvalidOption',
    '"kg-x"',
  ),
  row(
    'trustedKeyGroups not a list',
    keyed({ defaultCacheBehavior: { trustedKeyGroups: 'kg-x' } }),
    'InvalidOption',
    '"kg-x"',
  ),
  row(
    'trustedKeyGroups over the quota of 4',
    keyed({
      keyGroups: { a: { publicKeys: { K1: PUBLIC_KEY } } },
      defaultCacheBehavior: { trustedKeyGroups: ['a', 'a', 'a', 'a', 'a'] },
    }),
    'InvalidOption',
    '5 groups',
  ),
  row(
    'keyGroups group without keys',
    keyed({ keyGroups: { a: { publicKeys: {} } } }),
    'InvalidOption',
    '0 keys',
  ),
  row(
    'keyGroups misspelt key',
    keyed({ keyGroups: { a: { publicKey: {} } } }),
    'InvalidOption',
    'Did you mean "publicKeys"?',
  ),
  row(
    'public key not PEM',
    keyed({ keyGroups: { a: { publicKeys: { K1: 'abc' } } } }),
    'InvalidPublicKey',
    '"abc"',
  ),
  row(
    'public key unreadable',
    keyed({ keyGroups: { a: { publicKeys: { K1: PEM_LIKE } } } }),
    'InvalidPublicKey',
    'got one it cannot',
  ),
];
