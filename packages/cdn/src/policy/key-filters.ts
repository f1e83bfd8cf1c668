import type { KeyRule } from '../options/config-types.js';

/**
 * Query strings and cookies as a cache policy keys them. Both return `''` when nothing is kept.
 */

/**
 * §5 CFDG QueryStringParameters: parameter order and case matter, and only `&` separates parameters.
 * `all` keeps the query as sent; `whitelist`/`allExcept` keep or drop parameters by name (the raw,
 * still percent-encoded name, compared case-sensitively), in their original order.
 */
export function filterQuery(query: string, rule: KeyRule): string {
  if (rule.behavior === 'none' || query.length === 0) return '';
  if (rule.behavior === 'all') return query;
  const keep = rule.behavior === 'whitelist';
  let out = '';
  for (const param of query.split('&')) {
    if (param.length === 0) continue;
    const eq = param.indexOf('=');
    const name = eq < 0 ? param : param.slice(0, eq);
    if (rule.names.has(name) === keep) out = out.length === 0 ? param : `${out}&${param}`;
  }
  return out;
}

/**
 * §5 CFDG Cookies: names and values are case-sensitive; forwarded cookies are sorted by name
 * ("natural order") before they reach the origin. The key uses the same sorted list, so two viewers
 * sending the same cookies in a different order share an entry (inferred: AWS states the sorting for
 * the origin request only). Returns the `Cookie` header value to forward, or `''`.
 */
export function filterCookies(header: string | undefined, rule: KeyRule): string {
  if (rule.behavior === 'none' || header === undefined || header.length === 0) return '';
  const kept: [name: string, pair: string][] = [];
  for (const raw of header.split(';')) {
    const pair = raw.trim();
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const inList = rule.names.has(name) || (rule.patterns?.some((pattern) => pattern.test(name)) ?? false);
    if (rule.behavior === 'all' || (rule.behavior === 'whitelist' ? inList : !inList))
      kept.push([name, pair]);
  }
  // Stable sort by UTF-16 code units, so equal names keep the viewer's order.
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = '';
  for (const [, pair] of kept) out = out.length === 0 ? pair : `${out}; ${pair}`;
  return out;
}
