import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@edgecase/vitest';
import { docsLink, MEMBER_COOKIE, publishAccount, publishDocs } from '../src/site.js';

// The files the app deploys: the CloudFront Function code and the Lambda@Edge handler module.
const fileOf = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const DIR_INDEX = fileOf('../src/functions/dir-index.js');
const DIR_INDEX_FORGETS_QUERY = fileOf('../src/functions/dir-index-forgets-query.js');
const AUTH = fileOf('../src/edge/auth.mjs');

// One edge server, so "the next viewer" lands where the last one left the cache.
const ONE_SERVER = { topology: { pops: ['SFO5'], serversPerPop: 1 } } as const;
// The docs' pages are keyed on their query string, so a link's ?v= fetches the new release.
const KEYED_ON_QUERY = {
  name: 'DocsWithVersion',
  minTTL: 0,
  defaultTTL: 86_400,
  maxTTL: 31_536_000,
  parametersInCacheKeyAndForwardedToOrigin: { queryStringsConfig: { queryStringBehavior: 'all' } },
} as const;

function docsWith(functionFile: string) {
  return {
    ...ONE_SERVER,
    functions: { 'arn:aws:cloudfront::123456789012:function/dir-index': { file: functionFile } },
    defaultCacheBehavior: {
      cachePolicy: KEYED_ON_QUERY,
      functionAssociations: [
        {
          eventType: 'viewer-request' as const,
          functionARN: 'arn:aws:cloudfront::123456789012:function/dir-index',
        },
      ],
    },
  };
}

describe('trap: a directory-index function that forgets the query string', () => {
  test.override('cdnOptions', docsWith(DIR_INDEX_FORGETS_QUERY));

  test('after release 2, its ?v=2 link still gets the cached release 1', async ({ s3, origin, cdn }) => {
    await publishDocs(s3, origin.bucket, 1);
    expect(await (await cdn.fetch(docsLink(1))).text()).toBe('<h1>Docs, release 1</h1>');

    await publishDocs(s3, origin.bucket, 2);
    const after = await cdn.fetch(docsLink(2));
    // The function dropped ?v=2: the cache key is /docs/index.html alone, which release 1 still holds.
    expect(after).toHaveCacheResult('Hit');
    expect(await after.text()).toBe('<h1>Docs, release 1</h1>');
    expect(cdn).toHaveInvokedFunction('dir-index', { times: 2, eventType: 'viewer-request' });
  });
});

describe("fix: AWS's directory-index example, unchanged", () => {
  test.override('cdnOptions', docsWith(DIR_INDEX));

  test('it changes request.uri and keeps the query: ?v=2 is a new key and fetches release 2', async ({
    s3,
    origin,
    cdn,
  }) => {
    await publishDocs(s3, origin.bucket, 1);
    expect(await (await cdn.fetch(docsLink(1))).text()).toBe('<h1>Docs, release 1</h1>');

    await publishDocs(s3, origin.bucket, 2);
    const after = await cdn.fetch(docsLink(2));
    expect(after).toHaveCacheResult('Miss');
    expect(await after.text()).toBe('<h1>Docs, release 2</h1>');
    // The function runs at the edge on every request, hits included.
    expect(await cdn.fetch(docsLink(2))).toHaveCacheResult('Hit');
    expect(cdn).toHaveInvokedFunction('dir-index', { times: 3 });
  });
});

/** The members' area with the auth handler on `eventType`. */
function accountWith(eventType: 'origin-request' | 'viewer-request') {
  return {
    ...ONE_SERVER,
    // Lambda@Edge names a numbered version; `auth` maps every version to the handler module.
    lambdas: { auth: { file: AUTH } },
    cacheBehaviors: [
      {
        pathPattern: '/account/*',
        // An origin-request function sees only what goes to the origin: the session cookie must be
        // forwarded (not keyed: the cache policy stays CachingOptimized).
        originRequestPolicy: 'AllViewerExceptHostHeader' as const,
        lambdaFunctionAssociations: [
          { eventType, lambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:auth:7' },
        ],
      },
    ],
    defaultCacheBehavior: {
      functionAssociations: [
        {
          eventType: 'viewer-request' as const,
          functionARN: 'arn:aws:cloudfront::123456789012:function/dir-index',
        },
      ],
    },
    functions: { 'arn:aws:cloudfront::123456789012:function/dir-index': { file: DIR_INDEX } },
  };
}

describe('trap: Lambda@Edge auth on origin-request', () => {
  test.override('cdnOptions', accountWith('origin-request'));

  test('runs only on a cache miss: once a member has loaded the page, anyone gets it from the cache', async ({
    s3,
    origin,
    cdn,
  }) => {
    await publishAccount(s3, origin.bucket);
    // Nobody signed in yet: a miss, so the function runs and refuses.
    const first = await cdn.fetch('/account/index.html');
    expect(first.status).toBe(401);
    expect(first).toBeGeneratedByFunction('auth');

    const member = await cdn.fetch('/account/index.html', { headers: { cookie: MEMBER_COOKIE } });
    expect(member.status).toBe(200);

    // The member's page is now in the edge cache. An anonymous viewer hits it: no function runs.
    const anonymous = await cdn.fetch('/account/index.html');
    expect(anonymous).toHaveCacheResult('Hit');
    expect(await anonymous.text()).toBe('<h1>Your invoices</h1>');
    expect(cdn).toHaveInvokedFunction('auth', { times: 2, eventType: 'origin-request' });
  });
});

describe('fix: the same handler on viewer-request', () => {
  test.override('cdnOptions', accountWith('viewer-request'));

  test('runs on every request, before the cache: the cached page reaches members only', async ({
    s3,
    origin,
    cdn,
  }) => {
    await publishAccount(s3, origin.bucket);
    const member = await cdn.fetch('/account/index.html', { headers: { cookie: MEMBER_COOKIE } });
    expect(member.status).toBe(200);
    expect(await cdn.fetch('/account/index.html', { headers: { cookie: MEMBER_COOKIE } })).toHaveCacheResult(
      'Hit',
    );

    const anonymous = await cdn.fetch('/account/index.html');
    expect(anonymous.status).toBe(401);
    expect(anonymous).toBeGeneratedByFunction('arn:aws:lambda:us-east-1:123456789012:function:auth:7');
    expect(cdn).toHaveInvokedFunction('auth', { times: 3, eventType: 'viewer-request' });
  });
});
