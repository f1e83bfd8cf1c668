import { formatMs } from '../clock/duration.js';
import { invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { describeOriginAccess, type TierOutcome, type TraceRecord } from './trace.js';

export interface TimelineOptions {
  /** Times are shown relative to this (epoch ms). Default: the first record's time. */
  startMs?: number;
  /** Show origin fetches between requests. Default true. */
  originFetches?: boolean;
  /** At most this many records, the most recent. Default 50. */
  limit?: number;
}

/**
 * Renders trace records as a compact timeline, one line per viewer request and origin fetch:
 *
 *   t+0s      GET /a.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL
 *   t+0s        origin GET /a.png → 404 (asked by REC-us-east-1)
 *   t+9s      GET /a.png → 404 Error at SFO5-C1 · edge error-hit (age 9 s)
 */
export function formatTimeline(records: readonly TraceRecord[], options: TimelineOptions = {}): string {
  checkTimelineInput(records, options);
  const limit = options.limit ?? 50;
  const shown = records.filter((r) => r.type === 'request' || options.originFetches !== false).slice(-limit);
  if (shown.length === 0) return '(no requests recorded)';
  const startMs = options.startMs ?? shown[0]!.atMs;
  const lines = shown.map((record) => {
    const at = `t+${formatMs(record.atMs - startMs).replace(' ', '')}`.padEnd(10);
    if (record.type === 'origin') {
      const result = typeof record.result === 'number' ? String(record.result) : record.result;
      const extra = [
        record.conditional ? 'conditional' : '',
        record.background ? 'background' : '',
        record.attempts > 1 ? `${record.attempts} attempts` : '',
        describeOriginAccess(record.originAccess),
      ].filter(Boolean);
      const query = record.query ? `?${record.query}` : '';
      return `${at}  origin ${record.method} ${record.path}${query} → ${result}${record.etag ? ` ${record.etag}` : ''} (asked by ${record.node}${extra.length ? `, ${extra.join(', ')}` : ''})`;
    }
    const tiers = record.tiers.map(describeTier).join(' | ');
    const age = record.ageSeconds !== undefined ? ` age ${record.ageSeconds}s` : '';
    const version = record.etag ? ` ${record.etag}` : '';
    const viewer = record.viewer === 'anonymous' ? '' : ` [${record.viewer}]`;
    const note = record.note ? ` · ${record.note}` : '';
    return `${at}${record.method} ${record.path}${viewer} → ${record.status} ${record.xCache}${version}${age} at ${record.node}${tiers ? ` · ${tiers}` : ''}${note}`;
  });
  if (records.length > shown.length)
    lines.unshift(`(${records.length - shown.length} earlier records not shown)`);
  return lines.join('\n');
}

function describeTier(outcome: TierOutcome): string {
  const head = `${outcome.tier} ${outcome.outcome}`;
  if (outcome.stored) return `${head}: ${outcome.stored.because}`;
  if (outcome.notStored) return `${head}: not stored (${outcome.notStored.because})`;
  return head;
}

const TIMELINE_KEYS = optionKeys<TimelineOptions>()(['startMs', 'originFetches', 'limit']);

function checkTimelineInput(records: unknown, options: TimelineOptions): void {
  if (!Array.isArray(records)) {
    invalid('InvalidOption', 'formatTimeline records', 'an array such as cdn.trace.all()', records);
  }
  checkOptionKeys(options, TIMELINE_KEYS, 'formatTimeline options');
  const { startMs, originFetches, limit } = options;
  if (startMs !== undefined && !Number.isFinite(startMs)) {
    invalid('InvalidOption', 'formatTimeline startMs', 'epoch milliseconds (a finite number)', startMs);
  }
  if (originFetches !== undefined && typeof originFetches !== 'boolean') {
    invalid('InvalidOption', 'formatTimeline originFetches', 'true or false', originFetches);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    invalid('InvalidOption', 'formatTimeline limit', 'a whole number >= 1', limit);
  }
}
