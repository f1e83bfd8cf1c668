import { createCdn, memoryOrigin } from '@edgecase/cdn';
import { type Row, row } from './row.js';

const origin = memoryOrigin();
const cdn = (options: Record<string, unknown>) => () => createCdn({ origin, ...options } as never);

/** createCdn's own options and every nested group (topology, routing, invalidation, fidelity, trace). */
export const createCdnRows: Row[] = [
  row('createCdn() options null', () => createCdn(null as never), 'InvalidOption', 'got null'),
  row('createCdn() options a string', () => createCdn('cdn' as never), 'InvalidOption', 'got "cdn"'),
  row('createCdn() unknown top-level key', cdn({ colour: 'red' }), 'InvalidOption', 'got "colour"'),
  row('createCdn() misspelt seed', cdn({ sead: 1 }), 'InvalidOption', 'Did you mean "seed"?'),
  row('clock without now()', cdn({ clock: {} }), 'InvalidOption', 'got {}'),
  row('clock given as a number', cdn({ clock: 0 }), 'InvalidOption', 'got 0'),
  row('seed NaN', cdn({ seed: Number.NaN }), 'InvalidOption', 'got NaN'),
  row('seed 2^32 + 1', cdn({ seed: 2 ** 32 + 1 }), 'InvalidOption', 'got 4294967297'),
  row('seed negative', cdn({ seed: -1 }), 'InvalidOption', 'got -1'),
  row('seed fraction', cdn({ seed: 1.5 }), 'InvalidOption', 'got 1.5'),
  row('seed empty string', cdn({ seed: '' }), 'InvalidOption', 'got ""'),
  row('seed boolean', cdn({ seed: true }), 'InvalidOption', 'got true'),
  // topology
  row('topology null', cdn({ topology: null }), 'InvalidTopology', 'got null'),
  row('topology a string', cdn({ topology: 'big' }), 'InvalidTopology', 'got "big"'),
  row('topology misspelt key', cdn({ topology: { serverPerPop: 3 } }), 'InvalidTopology', 'serverPerPop'),
  row('topology.serversPerPop 0', cdn({ topology: { serversPerPop: 0 } }), 'InvalidTopology', 'got 0'),
  row('topology.serversPerPop 101', cdn({ topology: { serversPerPop: 101 } }), 'InvalidTopology', '101'),
  row('topology.serversPerPop 2.5', cdn({ topology: { serversPerPop: 2.5 } }), 'InvalidTopology', '2.5'),
  row('topology.serversPerPop "4"', cdn({ topology: { serversPerPop: '4' } }), 'InvalidTopology', '"4"'),
  row(
    'topology.perServerCaches "no"',
    cdn({ topology: { perServerCaches: 'no' } }),
    'InvalidTopology',
    '"no"',
  ),
  row('topology.pops empty', cdn({ topology: { pops: [] } }), 'InvalidTopology', 'got []'),
  row('topology.pops 0', cdn({ topology: { pops: 0 } }), 'InvalidTopology', 'got 0'),
  row('topology.pops a string', cdn({ topology: { pops: 'IAD89' } }), 'InvalidTopology', '"IAD89"'),
  row('topology.pops lower-case id', cdn({ topology: { pops: ['iad89'] } }), 'InvalidTopology', '"iad89"'),
  row(
    'topology.pops duplicate id',
    cdn({ topology: { pops: ['SFO5', 'SFO5'] } }),
    'InvalidTopology',
    '"SFO5"',
  ),
  row(
    'topology pop misspelt key',
    cdn({ topology: { pops: [{ id: 'SFO5', severs: 2 }] } }),
    'InvalidTopology',
    'Did you mean "servers"?',
  ),
  row(
    'topology pop bad region',
    cdn({ topology: { pops: [{ id: 'SFO5', region: 'west' }] } }),
    'InvalidTopology',
    '"west"',
  ),
  row(
    'topology pop servers 0',
    cdn({ topology: { pops: [{ id: 'SFO5', servers: 0 }] } }),
    'InvalidTopology',
    'got 0',
  ),
  row('topology.capacityBytes -1', cdn({ topology: { capacityBytes: -1 } }), 'InvalidTopology', '-1'),
  // routing
  row('routing unknown mode', cdn({ routing: 'random-robin' }), 'InvalidOption', '"random-robin"'),
  row(
    'routing misspelt key',
    cdn({ routing: { pop: 'sticky', sever: 'random' } }),
    'InvalidOption',
    'Did you mean "server"?',
  ),
  row('routing.pop unknown mode', cdn({ routing: { pop: 'nearest' } }), 'InvalidOption', '"nearest"'),
  row('routing a number', cdn({ routing: 3 }), 'InvalidOption', 'got 3'),
  // invalidation + propagation
  row(
    'invalidation misspelt key',
    cdn({ invalidation: { propogation: {} } }),
    'InvalidOption',
    'Did you mean "propagation"?',
  ),
  row('invalidation a string', cdn({ invalidation: 'fast' }), 'InvalidOption', '"fast"'),
  row(
    'propagation misspelt key',
    cdn({ invalidation: { propagation: { mni: '1s' } } }),
    'InvalidOption',
    'Did you mean "min"?',
  ),
  row(
    'propagation max below min',
    cdn({ invalidation: { propagation: { min: '10s', max: '1s' } } }),
    'InvalidOption',
    '"1s"',
  ),
  row(
    'propagation.min negative',
    cdn({ invalidation: { propagation: { min: -1 } } }),
    'InvalidDuration',
    'got -1',
  ),
  row(
    'propagation.max unknown unit',
    cdn({ invalidation: { propagation: { max: '1y' } } }),
    'InvalidDuration',
    '"1y"',
  ),
  // fidelity + errorCaching
  row(
    'fidelity misspelt key',
    cdn({ fidelity: { upstreamAges: 'ignore' } }),
    'InvalidOption',
    'Did you mean "upstreamAge"?',
  ),
  row(
    'fidelity.upstreamAge American spelling',
    cdn({ fidelity: { upstreamAge: 'honor' } }),
    'InvalidOption',
    'Did you mean "honour"?',
  ),
  row(
    'fidelity.minTtlNoCache unknown',
    cdn({ fidelity: { minTtlNoCache: 'cache' } }),
    'InvalidOption',
    '"cache"',
  ),
  row('fidelity null', cdn({ fidelity: null }), 'InvalidOption', 'got null'),
  row(
    'fidelity.lambdaEdge misspelt key',
    cdn({ fidelity: { lambdaEdge: { errorCache: 'never' } } }),
    'InvalidOption',
    'Did you mean "errorCaching"?',
  ),
  row(
    'fidelity.lambdaEdge.generatedXCache unknown',
    cdn({ fidelity: { lambdaEdge: { generatedXCache: 'Miss' } } }),
    'InvalidOption',
    'expected "LambdaGeneratedResponse" or "cache-result", got "Miss"',
  ),
  row(
    'errorCaching misspelt key',
    cdn({ fidelity: { errorCaching: { status401: 'always' } } }),
    'InvalidOption',
    'Did you mean "status410"?',
  ),
  row(
    'errorCaching.status410 unknown',
    cdn({ fidelity: { errorCaching: { status410: 'never' } } }),
    'InvalidOption',
    '"never"',
  ),
  row(
    'errorCaching.customErrorResponseCachesCode "yes"',
    cdn({ fidelity: { errorCaching: { customErrorResponseCachesCode: 'yes' } } }),
    'InvalidOption',
    '"yes"',
  ),
  // trace, cache tags
  row('trace misspelt key', cdn({ trace: { limt: 10 } }), 'InvalidOption', 'Did you mean "limit"?'),
  row('trace.limit 0', cdn({ trace: { limit: 0 } }), 'InvalidOption', 'got 0'),
  row('trace.limit fraction', cdn({ trace: { limit: 2.5 } }), 'InvalidOption', '2.5'),
  row('cacheTagHeader with a space', cdn({ cacheTagHeader: 'x tag' }), 'InvalidOption', '"x tag"'),
  row('cacheTagHeader a number', cdn({ cacheTagHeader: 7 }), 'InvalidOption', 'got 7'),
];
