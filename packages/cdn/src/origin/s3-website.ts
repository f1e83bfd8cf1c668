import { invalid } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { BucketStore } from './bucket-store.js';
import { type S3RestSettings, serveS3Request } from './s3-rest.js';
import type { HeaderMap, OriginRequest, OriginResponse } from './types.js';

/**
 * An S3 bucket's static website hosting configuration (PutBucketWebsite's `WebsiteConfiguration`, in
 * camelCase): S3UG WebsiteHosting, IndexDocumentSupport, CustomErrorDocSupport, how-to-page-redirect.
 */
export interface WebsiteOptions {
  /** Served for a request ending in `/` (and `/` itself), e.g. `index.html`. Required unless redirecting all requests. */
  indexDocument?: string;
  /** Served with status 404 for a missing key, e.g. `404.html`. */
  errorDocument?: string;
  /** Every request is redirected (301) to this host. */
  redirectAllRequestsTo?: { hostName: string; protocol?: 'http' | 'https' };
  /** Checked in order before a key is read (`keyPrefixEquals`) or after it is missing (`httpErrorCodeReturnedEquals`). */
  routingRules?: readonly WebsiteRoutingRule[];
}

export interface WebsiteRoutingRule {
  condition?: { keyPrefixEquals?: string; httpErrorCodeReturnedEquals?: number };
  redirect: {
    hostName?: string;
    protocol?: 'http' | 'https';
    replaceKeyPrefixWith?: string;
    replaceKeyWith?: string;
    /** Default 301. */
    httpRedirectCode?: number;
  };
}

const KEYS = optionKeys<WebsiteOptions>()([
  'indexDocument',
  'errorDocument',
  'redirectAllRequestsTo',
  'routingRules',
]);
const EMPTY = new Uint8Array(0);

/** Checks a website configuration as PutBucketWebsite does. */
export function validateWebsite(input: unknown, what: string): WebsiteOptions {
  const code = 'InvalidOption';
  if (!isPlainObject(input))
    invalid(code, what, 'a website configuration such as { indexDocument: "index.html" }', input);
  checkOptionKeys(input, KEYS, what, code);
  const options = input as WebsiteOptions;
  const document = (value: unknown, at: string) => {
    // S3UG IndexDocumentSupport: the suffix cannot be empty or contain a slash.
    if (typeof value !== 'string' || value === '' || value.includes('/'))
      invalid(code, at, 'an object name without "/", e.g. "index.html"', value);
  };
  if (options.redirectAllRequestsTo !== undefined) {
    const at = `${what}.redirectAllRequestsTo`;
    if (!isPlainObject(options.redirectAllRequestsTo))
      invalid(code, at, '{ hostName, protocol? }', options.redirectAllRequestsTo);
    checkOptionKeys(options.redirectAllRequestsTo, ['hostName', 'protocol'], at, code);
    if (
      typeof options.redirectAllRequestsTo.hostName !== 'string' ||
      options.redirectAllRequestsTo.hostName === ''
    )
      invalid(code, `${at}.hostName`, 'a host name', options.redirectAllRequestsTo.hostName);
    const protocol = options.redirectAllRequestsTo.protocol;
    if (protocol !== undefined && protocol !== 'http' && protocol !== 'https')
      invalid(code, `${at}.protocol`, '"http" or "https"', protocol);
    // S3 API PutBucketWebsite: RedirectAllRequestsTo excludes the other settings.
    if (
      options.indexDocument !== undefined ||
      options.errorDocument !== undefined ||
      options.routingRules !== undefined
    )
      invalid(
        code,
        what,
        'redirectAllRequestsTo alone, or indexDocument with the other settings',
        Object.keys(options),
      );
    return options;
  }
  document(options.indexDocument, `${what}.indexDocument`);
  if (
    options.errorDocument !== undefined &&
    (typeof options.errorDocument !== 'string' || options.errorDocument === '')
  )
    invalid(code, `${what}.errorDocument`, 'an object key, e.g. "404.html"', options.errorDocument);
  (options.routingRules ?? []).forEach((rule, i) => {
    const at = `${what}.routingRules[${i}]`;
    if (!isPlainObject(rule) || !isPlainObject(rule.redirect))
      invalid(code, at, '{ condition?, redirect: {...} }', rule);
    checkOptionKeys(rule, ['condition', 'redirect'], at, code);
    checkOptionKeys(
      rule.redirect,
      ['hostName', 'protocol', 'replaceKeyPrefixWith', 'replaceKeyWith', 'httpRedirectCode'],
      `${at}.redirect`,
      code,
    );
    if (rule.redirect.replaceKeyPrefixWith !== undefined && rule.redirect.replaceKeyWith !== undefined)
      invalid(code, `${at}.redirect`, 'replaceKeyPrefixWith or replaceKeyWith, not both', rule.redirect);
    const status = rule.redirect.httpRedirectCode;
    if (status !== undefined && ![301, 302, 303, 307, 308].includes(status))
      invalid(
        code,
        `${at}.redirect.httpRedirectCode`,
        'a 3xx redirect status (301, 302, 303, 307, 308)',
        status,
      );
    if (rule.condition !== undefined) {
      if (!isPlainObject(rule.condition)) invalid(code, `${at}.condition`, 'an object', rule.condition);
      checkOptionKeys(
        rule.condition,
        ['keyPrefixEquals', 'httpErrorCodeReturnedEquals'],
        `${at}.condition`,
        code,
      );
    }
  });
  return options;
}

/**
 * An S3 website endpoint's answer (S3UG WebsiteEndpoints): GET and HEAD only; `indexDocument` for
 * keys ending in `/`; a key missing whose `key/indexDocument` exists is a 302 to `key/`; a missing
 * key is 404 with the error document (or S3's HTML 404 page); routing rules and
 * `redirectAllRequestsTo` answer with redirects. Found objects are served as the REST API serves
 * them (conditional GET and Range too).
 */
export function serveWebsiteRequest(
  store: BucketStore,
  request: OriginRequest,
  settings: S3RestSettings,
  website: WebsiteOptions,
): OriginResponse {
  const method = request.method.toUpperCase();
  const head = method === 'HEAD';
  if (method !== 'GET' && !head) return html(405, 'Method Not Allowed', [['Code', 'MethodNotAllowed']], head);
  const all = website.redirectAllRequestsTo;
  if (all !== undefined) {
    const query = request.query === '' ? '' : `?${request.query}`;
    return redirect(301, `${all.protocol ?? 'http'}://${all.hostName}${request.path}${query}`);
  }
  let key: string;
  try {
    key = decodeURIComponent(request.path.slice(1));
  } catch {
    return html(400, 'Bad Request', [['Code', 'InvalidURI']], head);
  }
  const rules = website.routingRules ?? [];
  const before = rules.find(
    (r) => r.condition?.httpErrorCodeReturnedEquals === undefined && matchesPrefix(r, key),
  );
  if (before) return ruleRedirect(before, key);
  const index = website.indexDocument as string;
  const target = key === '' || key.endsWith('/') ? `${key}${index}` : key;
  // §18 (S3UG WebsiteAccessPermissionsReqd): a website endpoint reads anonymously, so a private
  // bucket answers 403 unless its policy grants everyone s3:GetObject.
  if (settings.authorize?.(request, 's3:GetObject', `arn:aws:s3:::${settings.bucket}/${target}`) === false) {
    return html(
      403,
      'Forbidden',
      [
        ['Code', 'AccessDenied'],
        ['Message', 'Access Denied'],
      ],
      head,
    );
  }
  if (store.get(target) !== undefined) {
    return serveS3Request(store, { ...request, method, path: `/${encodeKey(target)}` }, settings);
  }
  // S3UG IndexDocumentSupport: `/photos` with `photos/index.html` present redirects to `/photos/`.
  if (target === key && store.get(`${key}/${index}`) !== undefined)
    return redirect(302, `/${encodeKey(key)}/`);
  const after = rules.find((r) => r.condition?.httpErrorCodeReturnedEquals === 404 && matchesPrefix(r, key));
  if (after) return ruleRedirect(after, key);
  // S3UG CustomErrorDocSupport: the error document, with the error's status.
  const errorDocument = website.errorDocument === undefined ? undefined : store.get(website.errorDocument);
  if (errorDocument !== undefined) {
    return {
      status: 404,
      headers: {
        'content-type': errorDocument.metadata.contentType,
        'content-length': String(errorDocument.body.length),
        etag: errorDocument.etag,
        server: 'AmazonS3',
      },
      body: head ? EMPTY : errorDocument.body,
    };
  }
  return html(
    404,
    'Not Found',
    [
      ['Code', 'NoSuchKey'],
      ['Message', 'The specified key does not exist.'],
      ['Key', target],
    ],
    head,
  );
}

function matchesPrefix(rule: WebsiteRoutingRule, key: string): boolean {
  const prefix = rule.condition?.keyPrefixEquals;
  return prefix === undefined || key.startsWith(prefix);
}

function ruleRedirect(rule: WebsiteRoutingRule, key: string): OriginResponse {
  const { redirect: r } = rule;
  const prefix = rule.condition?.keyPrefixEquals ?? '';
  const next =
    r.replaceKeyWith !== undefined
      ? r.replaceKeyWith
      : r.replaceKeyPrefixWith !== undefined
        ? r.replaceKeyPrefixWith + key.slice(prefix.length)
        : key;
  // Without hostName the Location stays on this host (a relative URL; S3 names its endpoint).
  const location =
    r.hostName === undefined
      ? `/${encodeKey(next)}`
      : `${r.protocol ?? 'http'}://${r.hostName}/${encodeKey(next)}`;
  return redirect(r.httpRedirectCode ?? 301, location);
}

function redirect(status: number, location: string): OriginResponse {
  return { status, headers: { location, 'content-length': '0', server: 'AmazonS3' }, body: EMPTY };
}

/** S3's HTML error page of website endpoints. */
function html(status: number, title: string, items: [string, string][], head: boolean): OriginResponse {
  const list = items.map(([k, v]) => `<li>${k}: ${escapeText(v)}</li>`).join('');
  const body = new TextEncoder().encode(
    `<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1><ul>${list}</ul><hr/></body></html>`,
  );
  const headers: HeaderMap = {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    server: 'AmazonS3',
  };
  return { status, headers, body: head ? EMPTY : body };
}

function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
