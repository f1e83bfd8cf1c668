import { describe, expect, it } from 'vitest';
import { checkIfMatch, Deployments } from './deployments.js';

const window = { minMs: 10_000, maxMs: 300_000 };

describe('deployments (§13)', () => {
  it('gives each version an ETag shaped as CloudFront’s, the same for the same seed', () => {
    const a = new Deployments(1, window, 'v1', 0);
    const b = new Deployments(1, window, 'v1', 0);
    expect(a.latest.etag).toMatch(/^E[A-Z0-9]{13}$/);
    expect(a.add('v2', 0).etag).toBe(b.add('v2', 0).etag);
    expect(a.latest.etag).not.toBe(a.versions[0]?.etag);
  });

  it('reaches each POP inside the window, and never before the previous version', () => {
    const d = new Deployments(3, window, 'v1', 0);
    d.add('v2', 1000);
    d.add('v3', 2000);
    for (const pop of ['IAD89', 'SFO5', 'LHR50', 'NRT57']) {
      const v2 = d.readyAtMs(2, pop);
      expect(v2).toBeGreaterThanOrEqual(1000 + window.minMs);
      expect(v2).toBeLessThanOrEqual(1000 + window.maxMs);
      expect(d.readyAtMs(3, pop)).toBeGreaterThanOrEqual(v2);
      expect(d.at(pop, v2 - 1).version).toBe(1);
      expect(d.at(pop, d.readyAtMs(3, pop)).version).toBe(3);
    }
  });

  it('is Deployed once the last POP has the latest version', () => {
    const d = new Deployments(5, window, 'v1', 0);
    d.add('v2', 0);
    const view = d.view(['IAD89', 'SFO5'], 0);
    expect(view.status).toBe('InProgress');
    expect(d.view(['IAD89', 'SFO5'], view.deployedAtMs).status).toBe('Deployed');
    expect(d.view(['IAD89', 'SFO5'], view.deployedAtMs - 1).status).toBe('InProgress');
  });

  it('checks IfMatch as UpdateDistribution does', () => {
    expect(() => checkIfMatch(undefined, 'E1')).toThrow(
      expect.objectContaining({ code: 'InvalidIfMatchVersion' }),
    );
    expect(() => checkIfMatch('E2', 'E1')).toThrow(expect.objectContaining({ code: 'PreconditionFailed' }));
    expect(() => checkIfMatch('E1', 'E1')).not.toThrow();
  });
});
