import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { formatTimeline } from './timeline.js';

describe('formatTimeline', () => {
  it('reads like the bug report', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' } });
    await cdn.fetch('/a.png', { pop: 'SFO5', server: 1 });
    await origin.put('a.png', 'png');
    await clock.advance('9s');
    await cdn.fetch('/a.png', { pop: 'SFO5', server: 1 });
    await clock.advance('1s');
    await cdn.fetch('/a.png', { pop: 'SFO5', server: 1 });
    expect(formatTimeline(cdn.trace.all())).toMatchInlineSnapshot(`
      "t+0s        origin GET /a.png → 404 (asked by SFO5-C1)
      t+0s      GET /a.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL
      t+9s      GET /a.png → 404 Error age 9s at SFO5-C1 · edge error-hit
      t+10s       origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by SFO5-C1)
      t+10s     GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: DefaultTTL 1 d (no max-age, s-maxage or Expires)"
    `);
  });

  it('says when nothing was recorded and when records were cut', () => {
    expect(formatTimeline([])).toBe('(no requests recorded)');
  });
});
