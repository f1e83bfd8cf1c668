import { createCdn, formatTimeline, memoryOrigin } from '@edgecase/cdn';
import { type Row, row } from './row.js';

const cdn = createCdn({ origin: memoryOrigin() });
const get = (input: unknown, init?: Record<string, unknown>) => () =>
  cdn.fetch(input as never, init as never);
const invalidate = (paths: unknown, options?: unknown) => () =>
  cdn.createInvalidation(paths as never, options as never);

/** A distribution's request side: cdn.fetch and its init, viewers, inspection, invalidations, the trace. */
export const requestRows: Row[] = [
  // cdn.fetch
  row('fetch input a number', get(42), 'InvalidUrl', 'got 42'),
  row('fetch relative path', get('a.png'), 'InvalidUrl', '"a.png"'),
  row('fetch ftp URL', get('ftp://d111111abcdef8.cloudfront.net/a'), 'InvalidUrl', '"ftp:"'),
  row('fetch init null', get('/a', null as never), 'InvalidOption', 'got null'),
  row('fetch init misspelt key', get('/a', { sever: 2 }), 'InvalidOption', 'Did you mean "server"?'),
  row('fetch init.method a number', get('/a', { method: 123 }), 'InvalidOption', 'got 123'),
  row('fetch init.method with a space', get('/a', { method: 'GE T' }), 'InvalidOption', '"GE T"'),
  row('fetch init.server a string', get('/a', { pop: 'IAD89', server: '2' }), 'InvalidOption', 'got "2"'),
  row('fetch init.server 9 of 4', get('/a', { pop: 'IAD89', server: 9 }), 'NoSuchServer', '9'),
  row('fetch init.pop unknown', get('/a', { pop: 'LHR50' }), 'NoSuchPop', '"LHR50"'),
  row('fetch init.pop a number', get('/a', { pop: 5 }), 'InvalidOption', 'got 5'),
  row('fetch init.viewer empty', get('/a', { viewer: '' }), 'InvalidOption', 'got ""'),
  row('fetch init.routing unknown', get('/a', { routing: 'closest' }), 'InvalidOption', '"closest"'),
  row(
    'fetch init.country lower case',
    get('/a', { country: 'fr' }),
    'InvalidOption',
    "Write it in capitals: 'FR'",
  ),
  row('fetch init.country a name', get('/a', { country: 'France' }), 'InvalidOption', '"France"'),
  row('fetch init.ip not an address', get('/a', { ip: '1.2.3' }), 'InvalidOption', '"1.2.3"'),
  row('fetch init.userAgent with a line break', get('/a', { userAgent: 'a\nb' }), 'InvalidOption', '"a\\nb"'),
  // updateDistribution (§13)
  row('updateDistribution null', () => cdn.updateDistribution(null as never), 'InvalidOption', 'got null'),
  row(
    'updateDistribution with a simulation key',
    () => cdn.updateDistribution({ seed: 2 } as never),
    'InvalidOption',
    'only distribution options',
  ),
  row(
    'updateDistribution options misspelt key',
    () => cdn.updateDistribution({}, { ifmatch: 'E1' } as never),
    'InvalidOption',
    'Did you mean "ifMatch"?',
  ),
  row(
    'updateDistribution stale ifMatch',
    () => cdn.updateDistribution({}, { ifMatch: 'ENOTTHECURRENT1' }),
    'PreconditionFailed',
    '"ENOTTHECURRENT1"',
  ),
  row(
    'updateDistribution empty ifMatch',
    () => cdn.updateDistribution({}, { ifMatch: '' }),
    'InvalidIfMatchVersion',
    'got ""',
  ),
  row('viewer country a number', () => cdn.viewer('v', { country: 33 as never }), 'InvalidOption', 'got 33'),
  row(
    'viewer ip misspelt key',
    () => cdn.viewer('v', { IP: '1.2.3.4' } as never),
    'InvalidOption',
    'Did you mean "ip"?',
  ),
  row('viewer userAgent empty', () => cdn.viewer('v', { userAgent: '' }), 'InvalidOption', 'got ""'),
  row(
    'fetch header with a line break',
    get('/a', { headers: { 'x-a': 'a\nb' } }),
    'InvalidHeader',
    '"a\\nb"',
  ),
  row('fetch headers a number', get('/a', { headers: 5 }), 'InvalidHeader', '5'),
  // viewers and inspection
  row('viewer name empty', () => cdn.viewer(''), 'InvalidOption', '""'),
  row(
    'viewer options misspelt key',
    () => cdn.viewer('browser', { routnig: 'sticky' } as never),
    'InvalidOption',
    'Did you mean "routing"?',
  ),
  row(
    'viewer routing unknown',
    () => cdn.viewer('browser', { routing: 'closest' as never }),
    'InvalidOption',
    '"closest"',
  ),
  row(
    'inspect options misspelt key',
    () => cdn.inspect('/a', { header: {} } as never),
    'InvalidOption',
    'Did you mean "headers"?',
  ),
  row('inspect path a number', () => cdn.inspect(5 as never), 'InvalidUrl', 'got 5'),
  // starting a distribution over (the explorer's hook)
  row(
    'reset options misspelt key',
    () => cdn.reset({ sead: 1 } as never),
    'InvalidOption',
    'Did you mean "seed"?',
  ),
  row('reset seed negative', () => cdn.reset({ seed: -1 }), 'InvalidOption', 'got -1'),
  row('reset choices without int()', () => cdn.reset({ choices: {} as never }), 'InvalidOption', 'got {}'),
  row(
    'reset routing unknown',
    () => cdn.reset({ routing: 'closest' as never }),
    'InvalidOption',
    '"closest"',
  ),
  // invalidations
  row('createInvalidation paths a string', invalidate('/a'), 'InvalidArgument', '"/a"'),
  row('createInvalidation no paths', invalidate([]), 'InvalidArgument', '[]'),
  row('createInvalidation path without a slash', invalidate(['a.png']), 'InvalidArgument', '"a.png"'),
  row('createInvalidation wildcard mid-path', invalidate(['/a/*/b']), 'InvalidArgument', '"/a/*/b"'),
  row('createInvalidation path a number', invalidate([5]), 'InvalidArgument', 'got 5'),
  row('createInvalidation unencoded space', invalidate(['/x y.txt']), 'InvalidArgument', '"/x y.txt"'),
  row(
    'createInvalidation options misspelt key',
    invalidate(['/a'], { callerRef: 'r' }),
    'InvalidArgument',
    'Did you mean "callerReference"?',
  ),
  row(
    'createInvalidation callerReference empty',
    invalidate(['/a'], { callerReference: '' }),
    'InvalidArgument',
    'got ""',
  ),
  row('getInvalidation id a number', () => cdn.getInvalidation(5 as never), 'InvalidArgument', 'got 5'),
  row(
    'getInvalidation unknown id',
    () => cdn.getInvalidation('I0000000000000'),
    'NoSuchInvalidation',
    '"I0000000000000"',
  ),
  // the trace
  row(
    'formatTimeline records not a list',
    () => formatTimeline('trace' as never),
    'InvalidOption',
    '"trace"',
  ),
  row(
    'formatTimeline options misspelt key',
    () => formatTimeline([], { limt: 5 } as never),
    'InvalidOption',
    'Did you mean "limit"?',
  ),
  row('formatTimeline limit 0', () => formatTimeline([], { limit: 0 }), 'InvalidOption', 'got 0'),
  row(
    'formatTimeline startMs NaN',
    () => formatTimeline([], { startMs: Number.NaN }),
    'InvalidOption',
    'got NaN',
  ),
  row(
    'trace.requests filter misspelt key',
    () => cdn.trace.requests({ pth: '/a' } as never),
    'InvalidOption',
    'Did you mean "path"?',
  ),
  // cache statistics, the cost estimate and the HTML report
  row(
    'trace.stats misspelt key',
    () => cdn.trace.stats({ pops: 'SFO5' } as never),
    'InvalidOption',
    'Did you mean "pop"?',
  ),
  row('trace.stats for empty', () => cdn.trace.stats({ for: '' }), 'InvalidOption', 'got ""'),
  row('trace.stats pop a number', () => cdn.trace.stats({ pop: 5 as never }), 'InvalidOption', 'got 5'),
  row('trace.stats from not a date', () => cdn.trace.stats({ from: 'soon' }), 'InvalidDate', '"soon"'),
  row('trace.stats to before from', () => cdn.trace.stats({ from: 10, to: 5 }), 'InvalidOption', 'got 5'),
  row(
    'trace.statsBy unknown dimension',
    () => cdn.trace.statsBy('server' as never),
    'InvalidOption',
    '"server"',
  ),
  row(
    'trace.statsBy every without window',
    () => cdn.trace.statsBy('pop', { every: '1h' }),
    'InvalidOption',
    '"1h"',
  ),
  row('trace.statsBy every 0', () => cdn.trace.statsBy('window', { every: 0 }), 'InvalidOption', 'got 0'),
  row(
    'trace.cost misspelt key',
    () => cdn.trace.cost({ behaviour: '*' } as never),
    'InvalidOption',
    'Did you mean "behavior"?',
  ),
  row(
    'trace.toHtml misspelt key',
    () => cdn.trace.toHtml({ titel: 'x' } as never),
    'InvalidOption',
    'Did you mean "title"?',
  ),
  row('trace.toHtml title a number', () => cdn.trace.toHtml({ title: 5 as never }), 'InvalidOption', 'got 5'),
];
