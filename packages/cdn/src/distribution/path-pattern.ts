import { invalid } from '../errors.js';

/** A compiled cache-behaviour path pattern. */
export interface PathPattern {
  /** The pattern as configured. */
  readonly pattern: string;
  /** Without its leading `/`, which makes no difference to matching; used to spot duplicates. */
  readonly normalized: string;
  /** Whether a URL path (query excluded, leading `/` optional) matches. Allocates nothing. */
  matches(path: string): boolean;
}

// §8 CFDG distribution-web-values-specify #DownloadDistValuesPathPattern: up to 255 characters from
// A–Z a–z 0–9 _ - . * $ / ~ " ' @ : + and & (sent as &amp; in the XML API); `?` is the one-character
// wildcard, so it is allowed too.
export const MAX_PATH_PATTERN_LENGTH = 255;
const ALLOWED = /^[A-Za-z0-9_\-.*?$/~"'@:+&]$/;
const ALLOWED_TEXT = 'only the characters A-Z a-z 0-9 _ - . * ? $ / ~ " \' @ : + &';

const SLASH = 47;

/**
 * Compiles a path pattern once (§8 CFDG #DownloadDistValuesPathPattern): `*` matches 0 or more
 * characters including `/`, `?` exactly one; case-sensitive; a leading `/` on the pattern or the path
 * is optional and makes no difference. Common shapes (`*`, `prefix*`, `*suffix`, a literal) get a
 * string comparison; the rest a sticky RegExp. Invalid patterns throw `InvalidPathPattern`.
 */
export function compilePathPattern(pattern: string, what = 'pathPattern'): PathPattern {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    invalid('InvalidPathPattern', what, 'a non-empty path pattern such as "/images/*"', pattern);
  }
  if (pattern.length > MAX_PATH_PATTERN_LENGTH) {
    invalid('InvalidPathPattern', what, `at most ${MAX_PATH_PATTERN_LENGTH} characters`, pattern);
  }
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (!ALLOWED.test(ch)) {
      invalid(
        'InvalidPathPattern',
        `${what} ${JSON.stringify(pattern)} has a character CloudFront does not allow at position ${i}`,
        ALLOWED_TEXT,
        ch,
        'Path patterns match the URL path as sent; percent-encoded characters and spaces are not allowed.',
      );
    }
  }
  const normalized = pattern.charCodeAt(0) === SLASH ? pattern.slice(1) : pattern;
  return Object.freeze({ pattern, normalized, matches: compileMatcher(normalized) });
}

/** Where the path starts once its optional leading `/` is skipped. */
const start = (path: string): number => (path.charCodeAt(0) === SLASH ? 1 : 0);

function compileMatcher(body: string): (path: string) => boolean {
  const stars = countOf(body, '*');
  const hasQuestion = body.includes('?');
  if (stars > 0 && stars === body.length) return () => true;
  if (!hasQuestion && stars === 0) {
    return (path) => {
      const from = start(path);
      return path.length - from === body.length && regionEquals(path, from, body);
    };
  }
  if (!hasQuestion && stars === 1 && body.endsWith('*')) {
    const prefix = body.slice(0, -1);
    return (path) => regionEquals(path, start(path), prefix);
  }
  if (!hasQuestion && stars === 1 && body.startsWith('*')) {
    const suffix = body.slice(1);
    return (path) => {
      const from = path.length - suffix.length;
      return from >= start(path) && regionEquals(path, from, suffix);
    };
  }
  let source = '';
  for (const ch of body) {
    if (ch === '*') source += '[^]*';
    else if (ch === '?') source += '[^]';
    else source += ch.replace(/[.$+/]/g, '\\$&');
  }
  // Sticky, so matching starts at lastIndex without slicing off the leading slash.
  const re = new RegExp(`${source}$`, 'y');
  return (path) => {
    re.lastIndex = start(path);
    return re.test(path);
  };
}

/** Whether `path` holds `literal` at `from`; a char-code loop, faster than startsWith with a position. */
function regionEquals(path: string, from: number, literal: string): boolean {
  if (path.length - from < literal.length) return false;
  for (let i = 0; i < literal.length; i++) {
    if (path.charCodeAt(from + i) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}
