// Read-after-write through the distribution: an answer the origin itself gave (every tier a miss or
// a 304-confirmed refresh, none serving its own copy) carries what the origin held while the request
// was under way, never a version replaced or deleted before the request was sent. S3 is strongly
// consistent (§11), and a 304 renews a copy only when its ETag is the current one (§3).
import { type Answer, findVersion, type Version } from './invariants.js';

/** Tier outcomes that mean "asked upstream and passed the answer on" (§3 RefreshHit included). */
const FROM_ORIGIN = new Set(['miss', 'refresh-hit', 'pass-through']);

export function originAnswerCurrent(answer: Answer, versions: readonly Version[]): string | undefined {
  if (answer.outcomes.length === 0 || !answer.outcomes.every((o) => FROM_ORIGIN.has(o))) return undefined;
  if (answer.status === 200 || answer.status === 304) {
    const version = findVersion(versions, answer.path, answer.etag);
    // A version written during the request is fine; one replaced at or before its operation is not.
    if (version?.supersededOp !== undefined && version.supersededOp < answer.op) {
      return `${answer.method} ${answer.path} → ${answer.status} ${answer.xCache} from the origin with ETag ${answer.etag}, replaced at op ${version.supersededOp} before this request (op ${answer.op}) was sent`;
    }
    return undefined;
  }
  if (answer.status === 404) {
    // A version written before the request and never replaced since existed throughout it.
    const held = versions.find(
      (v) => v.path === answer.path && v.putOp < answer.op && v.supersededOp === undefined,
    );
    if (held) {
      return `${answer.method} ${answer.path} → 404 ${answer.xCache} from the origin, which has held ETag ${held.etag} since op ${held.putOp}`;
    }
  }
  return undefined;
}
