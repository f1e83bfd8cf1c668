/**
 * Contract: checks a request to a behaviour with trusted key groups as CloudFront does, and strips the
 * signing parameters. Sources: §9 private-content-signed-urls, -creating-signed-url-canned-policy /
 * -custom-policy, private-content-setting-signed-cookie-*, private-content-choosing-signed-urls-cookies;
 * §21 PrivateCFSignatureCodeAndExamples, QueryStringParameters and the 403 bodies.
 *
 * Order (§9, §21): a URL with any signing parameter is a signed URL and cookies are then ignored;
 * otherwise the CloudFront-* cookies are read. The key id is checked first (missing → MissingKey,
 * unknown → InvalidKey), then the policy is decoded (MalformedPolicy), then the signature over the
 * policy bytes is verified (RSA or ECDSA, SHA-1 unless Hash-Algorithm=SHA256), then the policy is
 * applied when the request starts: DateLessThan, DateGreaterThan, IpAddress, Resource. Any of those
 * failing is AccessDenied.
 */
import { type KeyObject, verify } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ViewerRequest } from '../cdn/viewer-request.js';
import type { ResolvedTrustedKeys } from '../options/signing-types.js';

export type SignatureRefusal = 'MissingKey' | 'InvalidKey' | 'MalformedPolicy' | 'AccessDenied';

export type SignatureCheck =
  | { ok: true; request: ViewerRequest; via: 'url' | 'cookies' }
  | { ok: false; code: SignatureRefusal; message: string; reason: string };

// §9/§21: the reserved query names (Hash-Algorithm on current pages).
const URL_PARAMS = new Set(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

const MESSAGES: Record<SignatureRefusal, string> = {
  MissingKey: 'Missing Key-Pair-Id query parameter or cookie value',
  InvalidKey: 'Unknown Key',
  MalformedPolicy: 'Malformed Policy',
  AccessDenied: 'Access denied',
};

const refuse = (code: SignatureRefusal, reason: string): SignatureCheck => ({
  ok: false,
  code,
  message: MESSAGES[code],
  reason,
});

/** Checks `request` against the behaviour's trusted keys at `nowMs` (virtual), from `viewerIp`. */
export function checkSignedRequest(
  request: ViewerRequest,
  trusted: ResolvedTrustedKeys,
  nowMs: number,
  viewerIp: string,
): SignatureCheck {
  const own: string[] = [];
  const signed = new Map<string, string>();
  if (request.query !== '') {
    for (const part of request.query.split('&')) {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      if (URL_PARAMS.has(name)) signed.set(name, decodeComponent(eq < 0 ? '' : part.slice(eq + 1)));
      else if (part !== '') own.push(part);
    }
  }
  let via: 'url' | 'cookies' = 'url';
  let fields = {
    expires: signed.get('Expires'),
    policy: signed.get('Policy'),
    signature: signed.get('Signature'),
    keyId: signed.get('Key-Pair-Id'),
    hash: signed.get('Hash-Algorithm'),
  };
  if (signed.size === 0) {
    // §9: without signing parameters in the URL, the signed cookies count.
    via = 'cookies';
    const cookies = parseCookies(request.headers.cookie);
    fields = {
      expires: cookies.get('CloudFront-Expires'),
      policy: cookies.get('CloudFront-Policy'),
      signature: cookies.get('CloudFront-Signature'),
      keyId: cookies.get('CloudFront-Key-Pair-Id'),
      // §21: the cookie's name is UNCONFIRMED; @aws-sdk/cloudfront-signer sets CloudFront-Hash-Algorithm.
      hash: cookies.get('CloudFront-Hash-Algorithm'),
    };
  }
  const query = own.join('&');
  const resourceUrl = `${request.scheme}://${request.host}${request.path}${query === '' ? '' : `?${query}`}`;
  if (!fields.keyId)
    return refuse('MissingKey', `no Key-Pair-Id ${via === 'url' ? 'query parameter' : 'cookie'}`);
  const key = trusted.keys.get(fields.keyId);
  if (!key)
    return refuse(
      'InvalidKey',
      `the key id ${JSON.stringify(fields.keyId)} is in none of the behaviour's key groups`,
    );
  let policyBytes: Buffer;
  let canned = false;
  if (fields.policy !== undefined) {
    const decoded = decodeUrlSafeBase64(fields.policy);
    if (!decoded) return refuse('MalformedPolicy', 'the Policy is not URL-safe base64');
    policyBytes = decoded;
  } else if (fields.expires !== undefined) {
    // §9 canned policy: rebuilt by CloudFront, whitespace removed; Expires a 32-bit epoch.
    if (!/^\d{1,10}$/.test(fields.expires) || Number(fields.expires) > 2147483647)
      return refuse(
        'AccessDenied',
        `Expires ${JSON.stringify(fields.expires)} is not an epoch time in seconds`,
      );
    canned = true;
    policyBytes = Buffer.from(
      `{"Statement":[{"Resource":${JSON.stringify(resourceUrl)},"Condition":{"DateLessThan":{"AWS:EpochTime":${Number(fields.expires)}}}}]}`,
    );
  } else return refuse('AccessDenied', 'neither Expires nor Policy');
  if (fields.signature === undefined) return refuse('AccessDenied', 'no Signature');
  const signature = decodeUrlSafeBase64(fields.signature);
  if (!signature) return refuse('AccessDenied', 'the Signature is not URL-safe base64');
  // §21: SHA-256 when Hash-Algorithm=SHA256, SHA-1 otherwise (inferred).
  if (fields.hash !== undefined && fields.hash !== 'SHA256' && fields.hash !== 'SHA1')
    return refuse('AccessDenied', `Hash-Algorithm ${JSON.stringify(fields.hash)}`);
  const algorithm = fields.hash === 'SHA256' ? 'sha256' : 'sha1';
  if (!verifies(algorithm, policyBytes, key, signature))
    return refuse(
      'AccessDenied',
      `the signature does not verify with key ${fields.keyId} (${algorithm.toUpperCase()})`,
    );
  let policy: unknown;
  try {
    policy = JSON.parse(policyBytes.toString('utf8'));
  } catch {
    return refuse('MalformedPolicy', 'the policy is not JSON');
  }
  const failure = applyPolicy(policy, resourceUrl, nowMs, viewerIp, canned);
  if (failure) return failure;
  // §21 QueryStringParameters: the signing parameters are removed before the origin (and, UNCONFIRMED
  // but modelled, before the cache key, else every signed URL would be its own cache entry).
  return { ok: true, request: via === 'url' ? { ...request, query } : request, via };
}

function verifies(algorithm: string, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(algorithm, data, key, signature);
  } catch {
    return false;
  }
}

function applyPolicy(
  policy: unknown,
  url: string,
  nowMs: number,
  viewerIp: string,
  canned: boolean,
): SignatureCheck | undefined {
  const statements = (policy as { Statement?: unknown })?.Statement;
  if (!Array.isArray(statements) || statements.length !== 1)
    return refuse('MalformedPolicy', 'the policy must have exactly one Statement');
  const statement = statements[0] as {
    Resource?: unknown;
    Condition?: {
      DateLessThan?: { 'AWS:EpochTime'?: unknown };
      DateGreaterThan?: { 'AWS:EpochTime'?: unknown };
      IpAddress?: { 'AWS:SourceIp'?: unknown };
    };
  };
  const nowSeconds = nowMs / 1000;
  const lessThan = statement?.Condition?.DateLessThan?.['AWS:EpochTime'];
  if (typeof lessThan !== 'number')
    return refuse('MalformedPolicy', 'the policy has no DateLessThan AWS:EpochTime');
  // §9: checked when the request starts.
  if (nowSeconds >= lessThan)
    return refuse('AccessDenied', `expired at ${new Date(lessThan * 1000).toISOString()}`);
  const greaterThan = statement.Condition?.DateGreaterThan?.['AWS:EpochTime'];
  if (greaterThan !== undefined) {
    if (typeof greaterThan !== 'number') return refuse('MalformedPolicy', 'DateGreaterThan is not a number');
    if (nowSeconds <= greaterThan)
      return refuse('AccessDenied', `not valid before ${new Date(greaterThan * 1000).toISOString()}`);
  }
  const sourceIp = statement.Condition?.IpAddress?.['AWS:SourceIp'];
  if (sourceIp !== undefined) {
    if (typeof sourceIp !== 'string') return refuse('MalformedPolicy', 'AWS:SourceIp is not a string');
    if (!ipMatches(sourceIp, viewerIp))
      return refuse('AccessDenied', `the viewer's IP ${viewerIp} is outside ${sourceIp}`);
  }
  const resource = statement.Resource;
  // §21: a custom policy may omit Resource (every object of any distribution trusting the key).
  if (resource !== undefined) {
    if (typeof resource !== 'string') return refuse('MalformedPolicy', 'Resource is not a string');
    if (!canned && !resourceMatches(resource, url))
      return refuse('AccessDenied', `${url} is not covered by ${resource}`);
  }
  return undefined;
}

/**
 * §9 custom policy Resource: `*` matches 0 or more characters, `?` exactly one; the protocol may be
 * `*`. (That a wildcard stays inside its URL section except a trailing `*` is not modelled: any `*`
 * spans sections — a known gap in docs/fidelity.md.) The guide writes the query separator as `\?`.
 */
export function resourceMatches(resource: string, url: string): boolean {
  let pattern = '^';
  for (let i = 0; i < resource.length; i++) {
    const c = resource[i] as string;
    if (c === '\\' && resource[i + 1] === '?') {
      pattern += '\\?';
      i++;
    } else if (c === '*') pattern += '.*';
    else if (c === '?') pattern += '.';
    else pattern += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${pattern}$`, 's').test(url);
}

function ipMatches(cidr: string, ip: string): boolean {
  const [address, bits] = cidr.split('/');
  if (!address) return false;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return false;
  const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(address, prefix, family);
    return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/** §9: URL-safe base64 (`+=/` → `-_~`), strictly: any other character refuses the value. */
export function decodeUrlSafeBase64(text: string): Buffer | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const unpadded = standard.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  return Buffer.from(unpadded, 'base64');
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq > 0) out.set(trimmed.slice(0, eq), trimmed.slice(eq + 1));
  }
  return out;
}

/** §21: CloudFront's 403 body for a refused signed request. */
export function signatureErrorBody(code: SignatureRefusal): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${MESSAGES[code]}</Message></Error>`;
}
