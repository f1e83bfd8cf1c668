/**
 * Option and resolved shapes of trusted key groups (signed URLs and cookies). The implementation lives
 * in signing/; options/ only names what they look like.
 */

/** A key group: its public keys by id (the `Key-Pair-Id` a signed URL carries), PEM-encoded. */
export interface KeyGroupOptions {
  /** Public key id → PEM (`-----BEGIN PUBLIC KEY-----…`), RSA 2048 or ECDSA P-256. At most 5. */
  publicKeys: Readonly<Record<string, string>>;
}

/** The public keys a behaviour trusts, by key id. */
export interface ResolvedTrustedKeys {
  /** Public key id → the key (a node:crypto KeyObject). */
  readonly keys: ReadonlyMap<string, import('node:crypto').KeyObject>;
}
