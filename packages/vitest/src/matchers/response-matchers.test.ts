import { outcome } from '../../test/support/outcome.js';
import { describe, expect, test } from '../index.js';

test.override('cdnOptions', { topology: { pops: ['SFO5'], serversPerPop: 2 } });

describe('toHaveCacheResult', () => {
  test('pass, fail, .not', async ({ cdn, origin }) => {
    await origin.put('a.png', 'png', { cacheControl: 'max-age=60' });
    const miss = await cdn.fetch('/a.png', { server: 1 });
    expect(await outcome(() => expect(miss).toHaveCacheResult('Miss'))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(miss).toHaveCacheResult('Hit'))).toMatchInlineSnapshot(`
      "Error: toHaveCacheResult: expected the response (200 Miss at SFO5-C1) to have cache result Hit, but X-Cache says Miss.
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60"
    `);
    expect(await outcome(() => expect(miss).not.toHaveCacheResult('Miss'))).toMatchInlineSnapshot(`
      "Error: toHaveCacheResult: expected the response (200 Miss at SFO5-C1) not to have cache result Miss, but X-Cache says Miss.
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60"
    `);
  });

  test('works on any CloudFront response and as an asymmetric matcher', async ({ cdn, origin }) => {
    await origin.put('a.png', 'png');
    const responses = [await cdn.fetch('/a.png', { server: 1 }), await cdn.fetch('/a.png', { server: 1 })];
    expect(responses).toEqual([expect.toHaveCacheResult('Miss'), expect.toHaveCacheResult('Hit')]);
    const real = new Response('x', { headers: { 'x-cache': 'RefreshHit from cloudfront' } });
    expect(real).toHaveCacheResult('RefreshHit');
  });

  test('misuse throws', async ({ cdn }) => {
    expect(await outcome(() => expect('/a.png').toHaveCacheResult('Hit'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheResult: expected a Response (from fetch or cdn.fetch), got "/a.png". This matcher reads one response; the path matchers (toServeOneVersion, ...) read the distribution."`,
    );
    expect(await outcome(() => expect(cdn.fetch('/a.png')).toHaveCacheResult('Hit'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheResult: expected a Response (from fetch or cdn.fetch), got a Promise. Await the fetch first: \`const response = await fetch(url)\`."`,
    );
    const response = await cdn.fetch('/a.png');
    // @ts-expect-error not a cache result
    expect(await outcome(() => expect(response).not.toHaveCacheResult('hit'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheResult: expected one of 'Hit', 'Miss', 'RefreshHit', 'Error', 'Redirect', 'FunctionGeneratedResponse', got "hit". Did you mean 'Hit'?"`,
    );
  });
});

describe('toBeServedFrom', () => {
  test('pass, fail, .not', async ({ cdn, origin }) => {
    await origin.put('a.png', 'png', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.png', { server: 1 });
    const fromRegional = await cdn.fetch('/a.png', { server: 2 });
    expect(await outcome(() => expect(fromRegional).toBeServedFrom('regional'))).toMatchInlineSnapshot(
      `"pass"`,
    );
    expect(await outcome(() => expect(fromRegional).toBeServedFrom('edge'))).toMatchInlineSnapshot(`
      "Error: toBeServedFrom: expected the response (200 Hit at SFO5-C2) to be served from the edge tier, but it was served from regional (edge miss, regional hit).
        TTL: max-age=60 at SFO5-C2

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.png → 200 Hit "bff139fa05ac583f685a523ab3d110a0" age 0s at SFO5-C2 · edge miss: max-age=60 | regional hit"
    `);
    expect(await outcome(() => expect(fromRegional).not.toBeServedFrom('regional'))).toMatchInlineSnapshot(`
      "Error: toBeServedFrom: expected the response (200 Hit at SFO5-C2) not to be served from the regional tier, but it was served from regional (edge miss, regional hit).
        TTL: max-age=60 at SFO5-C2

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.png → 200 Hit "bff139fa05ac583f685a523ab3d110a0" age 0s at SFO5-C2 · edge miss: max-age=60 | regional hit"
    `);
  });

  test('misuse throws', async ({ cdn }) => {
    const response = await cdn.fetch('/a.png');
    // @ts-expect-error not a tier
    expect(await outcome(() => expect(response).toBeServedFrom('cdn'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeServedFrom: expected one of 'edge', 'regional', 'shield', 'origin', 'cloudfront', got "cdn"."`,
    );
    const foreign = new Response('x', { headers: { 'x-cache': 'Hit from cloudfront' } });
    expect(await outcome(() => expect(foreign).toBeServedFrom('edge'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeServedFrom: expected a response of the test's cdn (it reads the trace), got one without an X-Amz-Cf-Id header. For a real CloudFront response, assert X-Cache with toHaveCacheResult('Hit')."`,
    );
  });
});

describe('toHaveAge', () => {
  test('pass, fail, .not', async ({ cdn, origin, clock }) => {
    await origin.put('a.png', 'png', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.png', { server: 1 });
    await clock.advance('9s');
    const hit = await cdn.fetch('/a.png', { server: 1 });
    expect(await outcome(() => expect(hit).toHaveAge('9s'))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(hit).toHaveAge(10_000))).toMatchInlineSnapshot(`
      "Error: toHaveAge: expected the response (200 Hit at SFO5-C1) to have Age 10, but its Age is 9.
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+9s      GET /a.png → 200 Hit "bff139fa05ac583f685a523ab3d110a0" age 9s at SFO5-C1 · edge hit"
    `);
    expect(await outcome(() => expect(hit).not.toHaveAge('9s'))).toMatchInlineSnapshot(`
      "Error: toHaveAge: expected the response (200 Hit at SFO5-C1) not to have Age 9, but its Age is 9.
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.png:
        t+0s        origin GET /a.png → 200 "bff139fa05ac583f685a523ab3d110a0" (asked by REC-us-east-1)
        t+0s      GET /a.png → 200 Miss "bff139fa05ac583f685a523ab3d110a0" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+9s      GET /a.png → 200 Hit "bff139fa05ac583f685a523ab3d110a0" age 9s at SFO5-C1 · edge hit"
    `);
  });

  test('misuse throws', async ({ cdn }) => {
    const response = await cdn.fetch('/a.png');
    expect(await outcome(() => expect(response).toHaveAge(-5))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toHaveAge age: expected a number of milliseconds from 0 to 100 years, got -5."`,
    );
    expect(await outcome(() => expect(response).toHaveAge(1500))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toHaveAge age: expected whole seconds (Age is in seconds), got 1500."`,
    );
  });
});

describe('toServeVersion', () => {
  test('by ETag: pass, fail, .not', async ({ cdn, origin }) => {
    const v1 = await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    const v2 = await origin.put('a.txt', 'v2', { cacheControl: 'max-age=60' });
    const response = await cdn.fetch('/a.txt', { server: 1 });
    expect(await outcome(() => expect(response).toServeVersion(v1))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(response).toServeVersion(v2))).toMatchInlineSnapshot(`
      "Error: toServeVersion: expected the response (200 Hit at SFO5-C1) to serve version ETag "1b267619c4812cc46ee281747884ca50", but it served ETag "6654c734ccab8f440ff0825eb443dc7f".
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C1 · edge hit"
    `);
    expect(await outcome(() => expect(response).not.toServeVersion(v1))).toMatchInlineSnapshot(`
      "Error: toServeVersion: expected the response (200 Hit at SFO5-C1) not to serve version ETag "6654c734ccab8f440ff0825eb443dc7f", but it served ETag "6654c734ccab8f440ff0825eb443dc7f".
        TTL: max-age=60 at SFO5-C1

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C1 · edge hit"
    `);
  });

  test('by body: pass, fail, .not (awaited)', async ({ cdn, origin }) => {
    await origin.put('a.txt', 'v1');
    const response = await cdn.fetch('/a.txt', { server: 1 });
    expect(await outcome(() => expect(response).toServeVersion('v1'))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(response).toServeVersion('v2'))).toMatchInlineSnapshot(`
      "Error: toServeVersion: expected the response (200 Miss at SFO5-C1) to serve version "v2", but it served "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f).
        TTL: DefaultTTL 1 d (no max-age, s-maxage or Expires) at SFO5-C1

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: DefaultTTL 1 d (no max-age, s-maxage or Expires) | regional miss: DefaultTTL 1 d (no max-age, s-maxage or Expires)"
    `);
    expect(await outcome(() => expect(response).not.toServeVersion('v1'))).toMatchInlineSnapshot(`
      "Error: toServeVersion: expected the response (200 Miss at SFO5-C1) not to serve version "v1", but it served "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f).
        TTL: DefaultTTL 1 d (no max-age, s-maxage or Expires) at SFO5-C1

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: DefaultTTL 1 d (no max-age, s-maxage or Expires) | regional miss: DefaultTTL 1 d (no max-age, s-maxage or Expires)"
    `);
    expect(await response.text()).toBe('v1');
  });

  test('misuse throws', async ({ cdn }) => {
    const response = await cdn.fetch('/a.txt');
    // @ts-expect-error not a version
    expect(await outcome(() => expect(response).toServeVersion(42))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toServeVersion: expected a version (a body string, bytes, or { etag } such as origin.put's result), got 42."`,
    );
    await response.text();
    expect(await outcome(() => expect(response).toServeVersion('v1'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toServeVersion: expected a response whose body is unread, got one already read. Compare the ETag instead ({ etag } or the PutResult), or assert before reading the body."`,
    );
  });
});
