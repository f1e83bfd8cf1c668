import { describe, EdgecaseError } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import type { OriginPrincipal } from './types.js';

/**
 * A bucket policy (S3UG bucket-policies; IAM reference_policies_elements), the part of it that
 * decides what CloudFront's principal may read (§18): `Allow`/`Deny` statements naming principals,
 * actions and this bucket's resources, with conditions on `AWS:SourceArn` / `AWS:SourceAccount`.
 */
export interface BucketPolicy {
  Version?: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: BucketPolicyStatement | readonly BucketPolicyStatement[];
}

export interface BucketPolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  /**
   * `'*'` (everyone, anonymous too), `{ Service: 'cloudfront.amazonaws.com' }` (an OAC), or
   * `{ AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E…' }` (an OAI).
   */
  Principal: '*' | Readonly<Partial<Record<'AWS' | 'Service' | 'CanonicalUser', string | readonly string[]>>>;
  Action: string | readonly string[];
  Resource: string | readonly string[];
  /** Operator → condition key → value(s): `{ StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::…' } }`. */
  Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A parsed statement: patterns compiled once at PutBucketPolicy. */
interface Statement {
  allow: boolean;
  everyone: boolean;
  services: readonly string[];
  aws: readonly string[];
  actions: readonly RegExp[];
  resources: readonly RegExp[];
  conditions: readonly Condition[];
}

interface Condition {
  operator: string;
  key: 'aws:sourcearn' | 'aws:sourceaccount';
  values: readonly string[];
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'CanonicalUser'];
// IAM reference_policies_elements_condition_operators: the string and ARN operators. Negated ones
// match when the key is absent; the others do not.
const OPERATORS: Record<string, { like: boolean; negated: boolean; ignoreCase: boolean }> = {
  StringEquals: { like: false, negated: false, ignoreCase: false },
  StringNotEquals: { like: false, negated: true, ignoreCase: false },
  StringEqualsIgnoreCase: { like: false, negated: false, ignoreCase: true },
  StringNotEqualsIgnoreCase: { like: false, negated: true, ignoreCase: true },
  StringLike: { like: true, negated: false, ignoreCase: false },
  StringNotLike: { like: true, negated: true, ignoreCase: false },
  ArnEquals: { like: true, negated: false, ignoreCase: false },
  ArnLike: { like: true, negated: false, ignoreCase: false },
  ArnNotEquals: { like: true, negated: true, ignoreCase: false },
  ArnNotLike: { like: true, negated: true, ignoreCase: false },
};
const CONDITION_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount']);
const POLICY_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html';

/** A validated bucket policy: its JSON as given (GetBucketPolicy's answer) and its statements. */
export interface ParsedBucketPolicy {
  readonly json: string;
  /** Whether the policy allows `action` on `resource` to `principal` (anonymous when undefined). */
  allows(principal: OriginPrincipal | undefined, action: string, resource: string): boolean;
}

/**
 * PutBucketPolicy's checks (S3 API PutBucketPolicy: 400 `MalformedPolicy`): a JSON object with
 * `Statement`, each statement with `Effect`, `Principal`, `Action` and a `Resource` in this bucket.
 * Conditions on keys other than `AWS:SourceArn` / `AWS:SourceAccount` are refused as not modelled,
 * rather than silently treated as true or false.
 */
export function parseBucketPolicy(input: unknown, bucket: string, what: string): ParsedBucketPolicy {
  let policy = input;
  if (typeof input === 'string') {
    try {
      policy = JSON.parse(input);
    } catch {
      malformed(what, 'a JSON policy document', input, 'Policies must be valid JSON.');
    }
  }
  if (!isPlainObject(policy)) malformed(what, 'a policy object with a Statement', policy);
  unknownKeys(policy, ['Version', 'Id', 'Statement'], what);
  if (policy.Version !== undefined && policy.Version !== '2012-10-17' && policy.Version !== '2008-10-17') {
    malformed(`${what} Version`, '"2012-10-17"', policy.Version);
  }
  const list = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  if (list.length === 0 || policy.Statement === undefined) {
    malformed(`${what} Statement`, 'at least one statement', policy.Statement);
  }
  const statements = list.map((s, i) => parseStatement(s, bucket, `${what} Statement[${i}]`));
  const json = typeof input === 'string' ? input : JSON.stringify(input);
  return {
    json,
    allows(principal, action, resource) {
      // IAM policy evaluation logic: an explicit Deny wins; otherwise an Allow is needed (implicit deny).
      let allowed = false;
      for (const statement of statements) {
        if (!applies(statement, principal, action, resource)) continue;
        if (!statement.allow) return false;
        allowed = true;
      }
      return allowed;
    },
  };
}

function parseStatement(input: unknown, bucket: string, what: string): Statement {
  if (!isPlainObject(input)) malformed(what, 'a statement object', input);
  unknownKeys(input, STATEMENT_KEYS, what);
  if (input.Effect !== 'Allow' && input.Effect !== 'Deny')
    malformed(`${what}.Effect`, '"Allow" or "Deny"', input.Effect);
  const principal = input.Principal;
  let everyone = principal === '*';
  const services: string[] = [];
  const aws: string[] = [];
  if (!everyone) {
    if (!isPlainObject(principal)) {
      malformed(
        `${what}.Principal`,
        '"*", { Service: "cloudfront.amazonaws.com" } or { AWS: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E…" }',
        principal,
        'A bucket policy statement must name its principal.',
      );
    }
    unknownKeys(principal, PRINCIPAL_KEYS, `${what}.Principal`);
    services.push(...strings(principal.Service, `${what}.Principal.Service`, true));
    aws.push(...strings(principal.AWS, `${what}.Principal.AWS`, true));
    strings(principal.CanonicalUser, `${what}.Principal.CanonicalUser`, true);
    if (aws.includes('*')) everyone = true;
  }
  const actions = strings(input.Action, `${what}.Action`).map((action) => {
    if (!/^(\*|s3:[A-Za-z*?]+)$/i.test(action))
      malformed(`${what}.Action`, 'S3 actions such as "s3:GetObject"', action);
    return wildcard(action, true);
  });
  const resources = strings(input.Resource, `${what}.Resource`).map((resource) => {
    // S3 refuses a policy whose resources are not this bucket or its objects ("Policy has invalid resource").
    if (resource !== `arn:aws:s3:::${bucket}` && !resource.startsWith(`arn:aws:s3:::${bucket}/`)) {
      malformed(
        `${what}.Resource`,
        `this bucket's ARN (arn:aws:s3:::${bucket}) or its objects' (arn:aws:s3:::${bucket}/*)`,
        resource,
        'S3 answers such a policy with MalformedPolicy "Policy has invalid resource".',
      );
    }
    return wildcard(resource, false);
  });
  return {
    allow: input.Effect === 'Allow',
    everyone,
    services,
    aws,
    actions,
    resources,
    conditions: parseConditions(input.Condition, `${what}.Condition`),
  };
}

function parseConditions(input: unknown, what: string): Condition[] {
  if (input === undefined) return [];
  if (!isPlainObject(input)) malformed(what, 'an object of operator to { key: value }', input);
  const conditions: Condition[] = [];
  for (const [operator, block] of Object.entries(input)) {
    if (OPERATORS[operator] === undefined) {
      unmodelled(`${what}.${operator}`, `one of ${Object.keys(OPERATORS).join(', ')}`, operator);
    }
    if (!isPlainObject(block)) malformed(`${what}.${operator}`, 'an object of condition key to value', block);
    for (const [key, value] of Object.entries(block)) {
      const lower = key.toLowerCase();
      if (!CONDITION_KEYS.has(lower)) {
        unmodelled(`${what}.${operator}`, 'the condition keys AWS:SourceArn or AWS:SourceAccount', key);
      }
      conditions.push({
        operator,
        key: lower as Condition['key'],
        values: strings(value, `${what}.${operator}.${key}`),
      });
    }
  }
  return conditions;
}

function applies(
  statement: Statement,
  principal: OriginPrincipal | undefined,
  action: string,
  resource: string,
): boolean {
  if (!statement.actions.some((pattern) => pattern.test(action))) return false;
  if (!statement.resources.some((pattern) => pattern.test(resource))) return false;
  if (!statement.everyone) {
    if (principal === undefined) return false;
    const named =
      principal.type === 'origin-access-control'
        ? statement.services.includes('cloudfront.amazonaws.com')
        : statement.aws.includes(principal.arn);
    if (!named) return false;
  }
  return statement.conditions.every((condition) => holds(condition, principal));
}

function holds(condition: Condition, principal: OriginPrincipal | undefined): boolean {
  const { like, negated, ignoreCase } = OPERATORS[condition.operator] as (typeof OPERATORS)[string];
  // Only an OAC's request carries AWS:SourceArn and AWS:SourceAccount (§18).
  const value =
    principal?.type !== 'origin-access-control'
      ? undefined
      : condition.key === 'aws:sourcearn'
        ? principal.sourceArn
        : principal.sourceAccount;
  if (value === undefined) return negated;
  const matched = condition.values.some((expected) =>
    like
      ? wildcard(expected, false).test(value)
      : ignoreCase
        ? expected.toLowerCase() === value.toLowerCase()
        : expected === value,
  );
  return negated ? !matched : matched;
}

/** IAM wildcards: `*` any run of characters, `?` one character. */
function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
}

function strings(value: unknown, what: string, optional = false): string[] {
  if (value === undefined && optional) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) {
    malformed(what, 'a string or an array of strings', value);
  }
  return list as string[];
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const notModelled = ['NotPrincipal', 'NotAction', 'NotResource'].includes(key);
      if (notModelled) unmodelled(what, known.join(', '), key);
      malformed(what, `only the keys ${known.join(', ')}`, key);
    }
  }
}

function malformed(what: string, expected: string, got: unknown, hint?: string): never {
  throw new EdgecaseError('MalformedPolicy', `${what}: expected ${expected}, got ${describe(got)}.`, {
    value: got,
    hint: hint ?? `See ${POLICY_PAGE}.`,
  });
}

function unmodelled(what: string, expected: string, got: unknown): never {
  throw new EdgecaseError(
    'UnmodelledFeature',
    `${what}: expected ${expected} (what edgecase models of bucket policies), got ${describe(got)}.`,
    {
      value: got,
      hint: "Only what decides CloudFront reads is modelled (§18): principals, S3 actions, this bucket's resources, and AWS:SourceArn / AWS:SourceAccount conditions.",
    },
  );
}
