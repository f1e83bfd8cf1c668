import { describe, expect, it } from 'vitest';
import { Topology } from './topology.js';

describe('Topology at CloudFront size', () => {
  it('creates an edge server on first use and lists only those that exist', () => {
    const topology = new Topology({ pops: 600, serversPerPop: 20 });
    expect(topology.edgeServerCount).toBe(12_000);
    expect(topology.nodes().filter((node) => node.tier === 'edge')).toEqual([]);
    const pop = topology.pops[599]!;
    const node = pop.server(20);
    expect(pop.server(20)).toBe(node);
    expect(topology.nodes().filter((n) => n.tier === 'edge')).toEqual([node]);
    expect(topology.node(node.id)).toBe(node);
    expect(topology.existingNode(`${pop.id}-C1`)).toBeUndefined();
    expect(topology.hasNode(`${pop.id}-C1`)).toBe(true);
    expect(topology.hasNode(`${pop.id}-C21`)).toBe(false);
    expect(topology.nodeIds()).toHaveLength(12_000 + topology.regionals().length);
  });

  it('shares one cache per POP without per-server caches, created once', () => {
    const topology = new Topology({ pops: ['SFO5'], serversPerPop: 3, perServerCaches: false });
    const pop = topology.pops[0]!;
    expect(pop.server(1)).toBe(pop.server(3));
    expect(pop.servers.map((node) => node.id)).toEqual(['SFO5-C1', 'SFO5-C1', 'SFO5-C1']);
    expect([...topology.nodeIds()]).toEqual(['SFO5-C1', 'REC-us-east-1']);
  });

  it('forgets every node and entry on reset', () => {
    const topology = new Topology({ pops: ['SFO5'], serversPerPop: 2 });
    const before = topology.pops[0]!.server(1);
    topology.reset();
    expect(topology.nodes().map((node) => node.id)).toEqual(['REC-us-east-1']);
    expect(topology.pops[0]!.server(1)).not.toBe(before);
  });
});
