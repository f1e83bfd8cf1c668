// The bugs `npm run mutation` plants in @edgecase/cdn (scripts/mutation-run.mjs), one at a time: each
// replaces `find`, which must occur exactly once in `file`, with `replace`. A refactor that moves the
// rule must move its mutant too: test/integration/mutants.test.ts checks every `find` is in place.
export const MUTANTS = [
  {
    name: 'TTL one second too long',
    file: 'packages/cdn/src/cache/cache-entry.ts',
    find: 'return this.storedAtMs + this.decision.ttlMs - this.upstreamAgeMs;',
    replace: 'return this.storedAtMs + this.decision.ttlMs - this.upstreamAgeMs + 1000;',
  },
  {
    name: 'a skipped purge (regional caches keep their copy)',
    file: 'packages/cdn/src/invalidation/invalidation-record.ts',
    find: 'this.#removed.set(nodeId, this.#host.purge(nodeId, this.#matches));',
    replace:
      "this.#removed.set(nodeId, nodeId.startsWith('REC-') ? 0 : this.#host.purge(nodeId, this.#matches));",
  },
  {
    name: 'a wrong Age (rounded up)',
    file: 'packages/cdn/src/cdn/edge-answer.ts',
    find: 'Math.floor(result.ageMs / 1000)',
    replace: 'Math.ceil(result.ageMs / 1000)',
  },
  {
    name: 'an error TTL doubled',
    file: 'packages/cdn/src/cache/freshness.ts',
    find: "errorCachingMinTtlMs,\n    'error-caching-min-ttl',",
    replace: "errorCachingMinTtlMs * 2,\n    'error-caching-min-ttl',",
  },
  {
    name: 'a shuffled propagation (regional caches purge last, not first)',
    file: 'packages/cdn/src/invalidation/invalidation-service.ts',
    find: 'reachMs: (nodeId) => (upstream?.(nodeId) ? nowMs + minMs : edgeMs(hash32(nodeId))),',
    replace: 'reachMs: (nodeId) => (upstream?.(nodeId) ? nowMs + this.#maxMs : edgeMs(hash32(nodeId))),',
  },
  {
    name: 'stale-if-error ignored during the error pause',
    file: 'packages/cdn/src/tiers/tier-fetch.ts',
    find: 'if (entry.errorStaleUntilMs > now && staleIfErrorAllows(entry, now)) {',
    replace: 'if (entry.errorStaleUntilMs > now) {',
  },
];
