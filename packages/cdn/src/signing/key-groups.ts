/**
 * Contract: resolves the `keyGroups` option and a behaviour's `trustedKeyGroups` into the public keys
 * the behaviour trusts (§9 private-content-trusted-signers: key groups of public keys; quotas of 4 key
 * groups per behaviour and 5 public keys per group; keys are RSA 2048 or ECDSA 256, §21 API_PublicKey).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkObject } from '../options/checks.js';
import type { KeyGroupOptions, ResolvedTrustedKeys } from '../options/signing-types.js';
import { checkOptionKeys } from '../options/strict-keys.js';

// §9 cloudfront-limits.
const MAX_KEY_GROUPS_PER_BEHAVIOR = 4;
const MAX_KEYS_PER_GROUP = 5;

export type ResolvedKeyGroups = ReadonlyMap<string, ReadonlyMap<string, KeyObject>>;

export function resolveKeyGroups(input: unknown): ResolvedKeyGroups {
  const out = new Map<string, ReadonlyMap<string, KeyObject>>();
  if (input === undefined) return out;
  checkObject(input, 'InvalidOption', 'keyGroups');
  for (const [id, group] of Object.entries(input as Record<string, unknown>)) {
    out.set(id, resolveGroup(group, `keyGroups[${JSON.stringify(id)}]`));
  }
  return out;
}

function resolveGroup(group: unknown, what: string): ReadonlyMap<string, KeyObject> {
  checkOptionKeys(group, ['publicKeys'], what);
  const keys = (group as unknown as KeyGroupOptions).publicKeys;
  checkObject(keys, 'InvalidOption', `${what}.publicKeys`);
  const entries = Object.entries(keys);
  if (entries.length === 0 || entries.length > MAX_KEYS_PER_GROUP)
    invalid(
      'InvalidOption',
      `${what}.publicKeys`,
      `1 to ${MAX_KEYS_PER_GROUP} public keys (CloudFront's quota)`,
      `${entries.length} keys`,
    );
  const out = new Map<string, KeyObject>();
  for (const [id, pem] of entries) out.set(id, publicKey(pem, `${what}.publicKeys[${JSON.stringify(id)}]`));
  return out;
}

function publicKey(pem: unknown, what: string): KeyObject {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN'))
    invalid('InvalidPublicKey', what, 'a PEM public key (-----BEGIN PUBLIC KEY-----…)', pem);
  let key: KeyObject;
  try {
    key = createPublicKey(pem as string);
  } catch (error) {
    throw new EdgecaseError(
      'InvalidPublicKey',
      `${what}: expected a PEM public key node:crypto can read, got one it cannot (${(error as Error).message}).`,
      {
        value: pem,
      },
    );
  }
  // §21 API_PublicKey: RSA 2048 or ECDSA 256.
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec')
    invalid('InvalidPublicKey', what, 'an RSA or ECDSA (P-256) public key', type);
  return key;
}

/** A behaviour's `trustedKeyGroups`: key group ids of `keyGroups`, or groups given inline. */
export function resolveTrustedKeyGroups(
  input: unknown,
  groups: ResolvedKeyGroups,
  what: string,
): ResolvedTrustedKeys | undefined {
  if (input === undefined) return undefined;
  const list = checkArray(input, 'InvalidOption', what);
  if (list.length === 0) return undefined;
  if (list.length > MAX_KEY_GROUPS_PER_BEHAVIOR)
    invalid(
      'InvalidOption',
      what,
      `at most ${MAX_KEY_GROUPS_PER_BEHAVIOR} key groups (CloudFront's quota)`,
      `${list.length} groups`,
    );
  const keys = new Map<string, KeyObject>();
  list.forEach((entry, i) => {
    const at = `${what}[${i}]`;
    let group: ReadonlyMap<string, KeyObject> | undefined;
    if (typeof entry === 'string') {
      group = groups.get(entry);
      if (!group) {
        invalid(
          'InvalidOption',
          at,
          `a key group id of the keyGroups option (${[...groups.keys()].join(', ') || 'none given'})`,
          entry,
          `Add keyGroups: { ${JSON.stringify(entry)}: { publicKeys: { 'K2JCJMDEHXQW5F': '-----BEGIN PUBLIC KEY-----…' } } }.`,
        );
      }
    } else group = resolveGroup(entry, at);
    for (const [id, key] of group as ReadonlyMap<string, KeyObject>) keys.set(id, key);
  });
  return { keys };
}
