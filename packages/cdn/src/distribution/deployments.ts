import { hash32, unitFromHash } from '../clock/random.js';
import { describe, EdgecaseError } from '../errors.js';

/**
 * The versions of a distribution's configuration and where each is deployed (§13
 * HowToUpdateDistribution, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowToUpdateDistribution.html):
 * an update reaches each edge location at its own moment inside a seeded window, and "successive
 * configuration changes propagate in their respective order", so a location serves the newest
 * version that has reached it. Until then it serves the previous one: old and new answer side by side.
 * Status is `InProgress` until every location has the latest version, then `Deployed`
 * (API_Distribution `Status`). Each version has an ETag; an update names the one it replaces
 * (API_UpdateDistribution `IfMatch`).
 */
export interface Deployment<T> {
  /** 1 for the configuration the distribution was created with, then one more per update. */
  readonly version: number;
  /** The API's ETag of this version (what GetDistributionConfig returns and IfMatch names). */
  readonly etag: string;
  readonly config: T;
  /** Clock time of the update (of creation for version 1). */
  readonly createdAtMs: number;
}

export interface DeploymentWindow {
  minMs: number;
  maxMs: number;
}

/** Where the configuration stands: the API's Status and, per edge location, the version it serves. */
export interface DeploymentView {
  status: 'InProgress' | 'Deployed';
  /** The latest version and its ETag (what `cdn.distribution` is). */
  version: number;
  etag: string;
  /** When the latest version was made (the API's LastModifiedTime). */
  updatedAtMs: number;
  /** When the latest version reaches (or reached) its last edge location. */
  deployedAtMs: number;
  /**
   * Per edge location: the version it serves now, since when, and when the latest version reaches it
   * (`latestAtMs` ≤ now once it has).
   */
  pops: { pop: string; version: number; etag: string; sinceMs: number; latestAtMs: number }[];
}

export class Deployments<T> {
  readonly #seed: number;
  readonly #window: DeploymentWindow;
  readonly #versions: Deployment<T>[] = [];
  /** version → pop → ms it reaches that pop (never before the previous version does). */
  readonly #readyAt = new Map<number, Map<string, number>>();

  constructor(seed: number, window: DeploymentWindow, first: T, nowMs: number) {
    this.#seed = seed;
    this.#window = window;
    this.#versions.push({ version: 1, etag: this.#etag(1), config: first, createdAtMs: nowMs });
  }

  get latest(): Deployment<T> {
    return this.#versions[this.#versions.length - 1] as Deployment<T>;
  }

  get versions(): readonly Deployment<T>[] {
    return this.#versions;
  }

  /**
   * Adds a version. `ifMatch` (optional here; the API requires it) must be the latest ETag:
   * otherwise `PreconditionFailed` (API_UpdateDistribution: HTTP 412).
   */
  add(config: T, nowMs: number, ifMatch?: string): Deployment<T> {
    if (ifMatch !== undefined) checkIfMatch(ifMatch, this.latest.etag);
    const version = this.latest.version + 1;
    const deployment = { version, etag: this.#etag(version), config, createdAtMs: nowMs };
    this.#versions.push(deployment);
    return deployment;
  }

  /** The version edge location `pop` serves at `nowMs`. */
  at(pop: string, nowMs: number): Deployment<T> {
    const versions = this.#versions;
    // The common case: one version, or the latest already everywhere.
    for (let i = versions.length - 1; i > 0; i--) {
      const deployment = versions[i] as Deployment<T>;
      if (this.readyAtMs(deployment.version, pop) <= nowMs) return deployment;
    }
    return versions[0] as Deployment<T>;
  }

  /** When `version` reaches `pop`: its update time plus a seeded delay in the window, in order. */
  readyAtMs(version: number, pop: string): number {
    if (version <= 1) return this.#versions[0]?.createdAtMs ?? 0;
    let byPop = this.#readyAt.get(version);
    if (byPop === undefined) {
      byPop = new Map();
      this.#readyAt.set(version, byPop);
    }
    let ready = byPop.get(pop);
    if (ready === undefined) {
      const deployment = this.#versions[version - 1] as Deployment<T>;
      const { minMs, maxMs } = this.#window;
      const unit = unitFromHash(hash32(`${this.#seed}:deploy:${version}:${pop}`));
      const delayMs = minMs + Math.floor(unit * (maxMs - minMs + 1));
      ready = Math.max(this.readyAtMs(version - 1, pop), deployment.createdAtMs + Math.min(delayMs, maxMs));
      byPop.set(pop, ready);
    }
    return ready;
  }

  view(pops: readonly string[], nowMs: number): DeploymentView {
    const latest = this.latest;
    let deployedAtMs = latest.createdAtMs;
    for (const pop of pops) deployedAtMs = Math.max(deployedAtMs, this.readyAtMs(latest.version, pop));
    return {
      status: nowMs >= deployedAtMs ? 'Deployed' : 'InProgress',
      version: latest.version,
      etag: latest.etag,
      updatedAtMs: latest.createdAtMs,
      deployedAtMs,
      pops: pops.map((pop) => {
        const served = this.at(pop, nowMs);
        return {
          pop,
          version: served.version,
          etag: served.etag,
          sinceMs: this.readyAtMs(served.version, pop),
          latestAtMs: this.readyAtMs(latest.version, pop),
        };
      }),
    };
  }

  /** `E` and 13 capitals or digits, as CloudFront's ETags look (E2QWRUHAPOMQZL), from the seed. */
  #etag(version: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = 'E';
    let hash = hash32(`${this.#seed}:etag:${version}`);
    for (let i = 0; i < 13; i++) {
      hash = hash32(String(i), hash);
      out += alphabet[hash % alphabet.length];
    }
    return out;
  }
}

/**
 * API_UpdateDistribution: a missing or malformed If-Match is `InvalidIfMatchVersion` (400, "The
 * If-Match version is missing or not valid"); one that is not the current ETag (someone updated in
 * between) is `PreconditionFailed` (412).
 */
export function checkIfMatch(ifMatch: unknown, current: string): void {
  if (typeof ifMatch !== 'string' || ifMatch === '') {
    throw new EdgecaseError(
      'InvalidIfMatchVersion',
      `IfMatch: expected the ETag of the current configuration (${current}), got ${describe(ifMatch)}. The If-Match version is missing or not valid.`,
      {
        value: ifMatch,
        hint: 'Pass the ETag GetDistributionConfig (or GetDistribution) returned as IfMatch.',
      },
    );
  }
  if (ifMatch !== current) {
    throw new EdgecaseError(
      'PreconditionFailed',
      `IfMatch: expected the current ETag ${describe(current)}, got ${describe(ifMatch)}. The precondition in one or more of the request fields evaluated to false (the distribution was updated since it was read).`,
      {
        value: ifMatch,
        hint: 'Read the configuration again (GetDistributionConfig), apply your change to it and send its ETag.',
      },
    );
  }
}
