import { formatMs } from '../clock/duration.js';
import { invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { CacheStats } from './cache-stats.js';
import type { CostEstimate } from './cost-estimate.js';
import {
  describeOriginAccess,
  type TraceInvalidation,
  type TraceOriginFetch,
  type TraceRequest,
} from './trace.js';

/**
 * A trace as one self-contained HTML page (inline CSS and JS, nothing fetched): a row per cache node
 * the trace touched (edge servers grouped by POP, regional edge caches, shields) and one per origin,
 * virtual time across; each viewer request and origin fetch a mark coloured by the version (ETag) it
 * carried, the TTL each tier stored it for as a bar (error TTLs in their own colour), each
 * invalidation as a tick where it reached a node, hover details, then the statistics and the cost
 * estimate. Rows come from the records, never from the topology, so untouched nodes cost nothing.
 * Everything from the trace is escaped.
 */

export interface HtmlReportOptions {
  /** The page's title. Default "edgecase trace". */
  title?: string;
}

export const HTML_REPORT_KEYS = optionKeys<HtmlReportOptions>()(['title']);

export interface HtmlReportInput {
  requests: readonly TraceRequest[];
  origins: readonly TraceOriginFetch[];
  invalidations: readonly TraceInvalidation[];
  stats: CacheStats;
  byPop: readonly { key: string; stats: CacheStats }[];
  byBehavior: readonly { key: string; stats: CacheStats }[];
  byPrefix: readonly { key: string; stats: CacheStats }[];
  cost: CostEstimate;
  dropped: number;
}

export function checkHtmlOptions(options: HtmlReportOptions): void {
  checkOptionKeys(options, HTML_REPORT_KEYS, 'trace.toHtml() options');
  if (options.title !== undefined && typeof options.title !== 'string')
    invalid('InvalidOption', 'trace.toHtml() title', 'a string', options.title);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

interface Row {
  id: string;
  kind: 'edge' | 'regional' | 'shield' | 'origin';
  group: string;
}

interface Bar {
  row: string;
  fromMs: number;
  toMs: number;
  error: boolean;
  detail: string;
}

export function renderHtmlReport(input: HtmlReportInput, options: HtmlReportOptions = {}): string {
  const { requests, origins, invalidations } = input;
  const rows = collectRows(requests, origins);
  const bars = collectBars(requests);
  const times = [
    ...requests.map((r) => r.atMs),
    ...origins.map((o) => o.completedAtMs),
    ...invalidations.map((i) => i.atMs),
  ];
  const startMs = times.length ? Math.min(...times) : 0;
  const lastEvent = times.length ? Math.max(...times) : 0;
  // TTL bars and propagation may run far past the last request: show up to a little after it.
  const ends = [...bars.map((b) => b.toMs), ...invalidations.map((i) => i.completesAtMs)].filter((ms) =>
    Number.isFinite(ms),
  );
  const endMs = Math.max(
    lastEvent,
    ...ends.map((ms) => Math.min(ms, lastEvent + Math.max(1000, lastEvent - startMs))),
  );
  const spanMs = Math.max(1, endMs - startMs);
  const x = (ms: number) =>
    `${(((Math.min(Math.max(ms, startMs), endMs) - startMs) / spanMs) * 100).toFixed(3)}%`;
  const w = (fromMs: number, toMs: number) =>
    `${Math.max(0.2, ((Math.min(toMs, endMs) - Math.max(fromMs, startMs)) / spanMs) * 100).toFixed(3)}%`;
  const t = (ms: number) => `t+${formatMs(ms - startMs).replace(' ', '')}`;

  const versions = [...new Set([...requests.map((r) => r.etag), ...origins.map((o) => o.etag)])].filter(
    (e): e is string => e !== undefined,
  );
  const colour = (etag: string | undefined) =>
    etag === undefined ? '#9ca3af' : `hsl(${(versions.indexOf(etag) * 137) % 360} 70% 45%)`;

  const marks = new Map<string, string[]>(rows.map((r) => [r.id, []]));
  for (const b of bars) {
    const detail = `${b.error ? 'error TTL' : 'TTL'} ${formatMs(b.toMs - b.fromMs)} at ${b.row}: ${b.detail} (${t(b.fromMs)} to ${t(b.toMs)})`;
    marks
      .get(b.row)
      ?.push(
        `<div class="bar ${b.error ? 'error-ttl' : 'ttl'}" style="left:${x(b.fromMs)};width:${w(b.fromMs, b.toMs)}" data-detail="${escapeHtml(detail)}"></div>`,
      );
  }
  for (const r of requests) {
    const tiers = r.tiers
      .map(
        (o) =>
          `${o.tier} ${o.node} ${o.outcome}${o.stored ? ` (stored by ${o.stored.rule}: ${o.stored.because})` : o.notStored ? ` (not stored: ${o.notStored.because})` : ''}`,
      )
      .join('; ');
    const detail = [
      `${t(r.atMs)} ${r.method} ${r.path} → ${r.status}`,
      `X-Cache: ${r.xCache} from cloudfront`,
      `Age: ${r.ageSeconds ?? '-'}`,
      `ETag: ${r.etag ?? '-'}`,
      `served from ${r.servedFrom} at ${r.node}, behaviour ${r.behavior || '-'}`,
      `viewer ${r.viewer}, cache key ${r.cacheKey || '-'}`,
      tiers && `tiers: ${tiers}`,
      r.note ? `note: ${r.note}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    marks
      .get(r.node)
      ?.push(
        `<div class="mark req x-${escapeHtml(r.xCache.toLowerCase())}" style="left:${x(r.atMs)};background:${colour(r.etag)}" data-detail="${escapeHtml(detail)}"></div>`,
      );
  }
  for (const o of origins) {
    const result = typeof o.result === 'number' ? String(o.result) : o.result;
    const detail = `${t(o.atMs)} origin ${o.method} ${o.path}${o.query ? `?${o.query}` : ''} → ${result}${o.etag ? ` ETag ${o.etag}` : ''}, asked by ${o.node}${o.conditional ? ', conditional' : ''}${o.background ? ', background' : ''}${o.originAccess ? `, ${describeOriginAccess(o.originAccess)}` : ''}, ${o.bytes} bytes`;
    marks
      .get(`origin ${o.origin}`)
      ?.push(
        `<div class="mark origin" style="left:${x(o.atMs)};background:${colour(o.etag)}" data-detail="${escapeHtml(detail)}"></div>`,
      );
  }
  for (const inv of invalidations) {
    for (const row of rows) {
      const reached = row.kind === 'origin' ? undefined : inv.reachedAtMs(row.id);
      if (reached === undefined) continue;
      const detail = `invalidation ${inv.id} (${inv.paths.join(', ')}) created ${t(inv.atMs)}, reached ${row.id} ${t(reached)}`;
      marks
        .get(row.id)
        ?.push(`<div class="inv" style="left:${x(reached)}" data-detail="${escapeHtml(detail)}"></div>`);
    }
  }

  const title = escapeHtml(options.title ?? 'edgecase trace');
  const body = rows
    .map((row, i) => {
      const head =
        i === 0 || rows[i - 1]!.group !== row.group
          ? `<div class="group">${escapeHtml(row.group)}</div>`
          : '';
      return `${head}<div class="row ${row.kind}" data-row="${escapeHtml(row.id)}"><div class="label">${escapeHtml(row.id)}</div><div class="lane">${marks.get(row.id)!.join('')}</div></div>`;
    })
    .join('\n');
  const legend = versions
    .map((v) => `<span class="version"><i style="background:${colour(v)}"></i>${escapeHtml(v)}</span>`)
    .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<span style="left:${(f * 100).toFixed(0)}%">${escapeHtml(t(startMs + f * spanMs))}</span>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>${CSS}</style></head>
<body>
<h1>${title}</h1>
<p class="meta">${requests.length} viewer requests, ${origins.length} origin fetches, ${invalidations.length} invalidations from ${escapeHtml(new Date(startMs).toISOString())}.</p>
${input.dropped > 0 || !input.stats.complete ? `<p class="warning" role="alert">The trace dropped ${input.dropped} records (its ring was full or it was cleared): the timeline and the statistics count only what is left.</p>` : ''}
<div class="legend">versions: ${legend || '(none)'} <span class="key ttl">TTL</span> <span class="key error-ttl">error TTL</span> <span class="key inv">invalidation reached</span></div>
<div class="timeline"><div class="axis"><div class="label"></div><div class="lane">${ticks}</div></div>
${body}
</div>
<pre id="detail" aria-live="polite">Hover or click a mark for its details.</pre>
${statsSection(input)}
<script>${SCRIPT}</script>
</body></html>
`;
}

function collectRows(requests: readonly TraceRequest[], origins: readonly TraceOriginFetch[]): Row[] {
  const rows = new Map<string, Row>();
  const add = (id: string, kind: Row['kind'], group: string) => {
    if (id !== '' && !rows.has(id)) rows.set(id, { id, kind, group });
  };
  for (const r of requests) {
    add(r.node, 'edge', `POP ${r.pop}`);
    for (const o of r.tiers) {
      if (o.tier === 'regional') add(o.node, 'regional', 'regional edge caches');
      else if (o.tier === 'shield') add(o.node, 'shield', 'Origin Shield');
    }
  }
  for (const o of origins) add(`origin ${o.origin}`, 'origin', 'origins');
  const order = { edge: 0, regional: 1, shield: 2, origin: 3 };
  return [...rows.values()].sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      a.group.localeCompare(b.group) ||
      a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}

function collectBars(requests: readonly TraceRequest[]): Bar[] {
  const bars: Bar[] = [];
  for (const r of requests) {
    for (const o of r.tiers) {
      if (!o.stored || o.stored.ttlMs <= 0) continue;
      bars.push({
        row: o.node,
        fromMs: r.atMs,
        toMs: r.atMs + o.stored.ttlMs,
        error: r.status >= 400,
        detail: `${r.path} (${r.status}) stored by ${o.stored.rule}: ${o.stored.because}`,
      });
    }
  }
  return bars;
}

const pct = (n: number | undefined) => (n === undefined ? '-' : `${(n * 100).toFixed(1)} %`);

function statsRow(key: string, s: CacheStats): string {
  return `<tr><th scope="row">${escapeHtml(key)}</th><td>${s.totalRequests}</td><td>${pct(s.hitRate)}</td><td>${pct(s.rates.hit)}</td><td>${pct(s.rates.refreshHit)}</td><td>${pct(s.rates.miss)}</td><td>${pct(s.rates.error)}</td><td>${s.bytesToViewers.total}</td><td>${s.bytesToViewers.fromMisses}</td><td>${s.originRequests}</td><td>${s.originBytes}</td><td>${pct(s.originOffload)}</td></tr>`;
}

function statsSection(input: HtmlReportInput): string {
  const head =
    '<tr><th></th><th>requests</th><th>hit rate</th><th>hits</th><th>refresh hits</th><th>misses</th><th>errors</th><th>bytes to viewers</th><th>from misses</th><th>origin requests</th><th>origin bytes</th><th>origin offload</th></tr>';
  const rows = [
    statsRow('all', input.stats),
    ...input.byBehavior.map((b) => statsRow(`behaviour ${b.key}`, b.stats)),
    ...input.byPrefix.map((p) => statsRow(`path ${p.key}*`, p.stats)),
    ...input.byPop.map((p) => statsRow(`POP ${p.key}`, p.stats)),
  ].join('\n');
  const { cost } = input;
  const money = (usd: number) => `$${usd.toFixed(6)}`;
  const costRows = cost.regions
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.region)}</th><td>${r.requests}</td><td>${money(r.requestsUsd)}</td><td>${r.bytes}</td><td>${money(r.dataTransferUsd)}</td></tr>`,
    )
    .join('\n');
  return `<h2>Cache statistics</h2>
<table class="stats" id="stats">${head}
${rows}</table>
<h2>Cost estimate</h2>
<table class="cost" id="cost"><tr><th>pricing region</th><th>requests</th><th>requests cost</th><th>bytes</th><th>data transfer cost</th></tr>
${costRows}
<tr><th scope="row">invalidation paths</th><td>${cost.invalidations.paths} (${cost.invalidations.free} free a month)</td><td>${money(cost.invalidations.usd)}</td><td></td><td></td></tr>
<tr><th scope="row">total</th><td></td><td colspan="3">${money(cost.totalUsd)} (needs ${escapeHtml(cost.priceClass)})</td></tr></table>
<p class="sources">Prices as of ${escapeHtml(cost.pricesAsOf)}: ${cost.sources.map(escapeHtml).join('; ')}. ${cost.notes.map(escapeHtml).join('; ')}.</p>`;
}

const CSS = `
body{font:13px system-ui,sans-serif;margin:16px;color:#111}
h1{font-size:18px}.meta{color:#555}.warning{background:#fee2e2;border:1px solid #b91c1c;padding:6px}
.timeline{border:1px solid #ddd}
.row,.axis{display:flex;align-items:center;height:22px;border-top:1px solid #eee}
.axis{height:18px;color:#666;font-size:11px}
.label{flex:0 0 190px;padding:0 6px;font-family:ui-monospace,monospace;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.lane{position:relative;flex:1;height:100%;margin-right:12px}
.axis .lane span{position:absolute;transform:translateX(-50%)}
.group{background:#f3f4f6;font-weight:600;padding:2px 6px}
.mark{position:absolute;top:4px;width:8px;height:14px;margin-left:-4px;border-radius:2px;cursor:pointer;z-index:2}
.mark.origin{border-radius:50%;width:12px;height:12px;margin-left:-6px;top:5px}
.mark.x-miss{outline:2px solid #111}.mark.x-error{outline:2px solid #b91c1c}
.bar{position:absolute;top:9px;height:4px;z-index:1}
.bar.ttl,.key.ttl{background:#93c5fd}.bar.error-ttl,.key.error-ttl{background:#fca5a5}
.inv,.key.inv{position:absolute;top:0;width:2px;height:100%;background:#7c3aed;z-index:3}
.key{display:inline-block;padding:0 4px}.key.inv{position:static;width:auto;height:auto;color:#fff}
.version i{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;border-radius:2px}
#detail{position:sticky;bottom:0;z-index:5;background:#f9fafb;border:1px solid #ddd;padding:6px;min-height:3em;white-space:pre-wrap}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
th[scope=row]{text-align:left}.sources{color:#555;font-size:11px}`;

const SCRIPT = `
(function(){var d=document.getElementById('detail');
document.addEventListener('mouseover',function(e){var t=e.target;if(t&&t.dataset&&t.dataset.detail){d.textContent=t.dataset.detail;}});
document.addEventListener('click',function(e){var t=e.target;if(t&&t.dataset&&t.dataset.detail){d.textContent=t.dataset.detail;}});})();`;
