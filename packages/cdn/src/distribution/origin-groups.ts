import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkArray, isPlainObject } from '../options/checks.js';
import type { ResolvedOrigin } from '../options/config-types.js';
import { checkOptionKeys } from '../options/strict-keys.js';

/**
 * §17 high_availability_origin_failover
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html):
 * an origin group is a primary and a secondary origin; a behaviour that targets the group sends each
 * GET, HEAD or OPTIONS miss to the primary and, when the primary answers one of the failover status
 * codes, cannot be reached or times out, to the secondary. Each request starts at the primary.
 */
export interface OriginGroupOptions {
  /** The origin ids: `[primary, secondary]`. */
  members: readonly [string, string];
  /** Statuses that fail over: any of 400, 403, 404, 416, 500, 502, 503, 504. */
  failoverStatusCodes: readonly number[];
}

export interface ResolvedFailover {
  group: string;
  secondary: ResolvedOrigin;
  statusCodes: ReadonlySet<number>;
}

// §17: FailoverCriteria.StatusCodes takes a subset of these.
export const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504] as const;
const CODE = 'InvalidOption';

/** Each group as an origin a behaviour can target: the primary's settings plus its failover. */
export function resolveOriginGroups(
  input: unknown,
  origins: ReadonlyMap<string, ResolvedOrigin>,
): Map<string, ResolvedOrigin> {
  const groups = new Map<string, ResolvedOrigin>();
  if (input === undefined) return groups;
  if (!isPlainObject(input))
    invalid(CODE, 'originGroups', 'a record of group id to { members, failoverStatusCodes }', input);
  for (const [id, group] of Object.entries(input)) {
    const what = `originGroups.${id}`;
    if (origins.has(id)) invalid(CODE, what, 'a group id that is not also an origin id', id);
    if (!isPlainObject(group))
      invalid(CODE, what, '{ members: [primary, secondary], failoverStatusCodes }', group);
    checkOptionKeys(group, ['members', 'failoverStatusCodes'], what);
    const members = checkArray(group.members, CODE, `${what}.members`);
    if (members.length !== 2)
      invalid(CODE, `${what}.members`, 'two origin ids: [primary, secondary]', members);
    const [primary, secondary] = members.map((member, i) => {
      const origin = typeof member === 'string' ? origins.get(member) : undefined;
      if (!origin) {
        throw new EdgecaseError(
          'NoSuchOrigin',
          `${what}.members[${i}]: expected one of the origins (${[...origins.keys()].join(', ')}), got ${describe(member)}.`,
          { value: member },
        );
      }
      return origin;
    }) as [ResolvedOrigin, ResolvedOrigin];
    if (primary === secondary) invalid(CODE, `${what}.members`, 'two different origins', members);
    const codes = checkArray(group.failoverStatusCodes, CODE, `${what}.failoverStatusCodes`).map(
      (code, i) => {
        if (!(FAILOVER_STATUS_CODES as readonly unknown[]).includes(code)) {
          invalid(
            CODE,
            `${what}.failoverStatusCodes[${i}]`,
            `one of ${FAILOVER_STATUS_CODES.join(', ')}`,
            code,
          );
        }
        return code as number;
      },
    );
    if (codes.length === 0) invalid(CODE, `${what}.failoverStatusCodes`, 'at least one status code', codes);
    groups.set(id, {
      ...primary,
      failover: { group: id, secondary, statusCodes: new Set(codes) },
    });
  }
  return groups;
}

/** §17: only GET, HEAD and OPTIONS fail over; other methods never do. */
export function failsOver(
  failover: ResolvedFailover | undefined,
  method: string,
  outcome: { status: number } | 'failure',
): failover is ResolvedFailover {
  if (failover === undefined) return false;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return false;
  return outcome === 'failure' || failover.statusCodes.has(outcome.status);
}
