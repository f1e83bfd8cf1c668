// Issue "Correct under any sequence" items 7 and 8: inputs that gave a TypeError or were silently
// accepted. Each must now be a typed EdgecaseError with an "expected X, got Y" message.
import {
  CreateInvalidationCommand,
  ListDistributionsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudfront';
import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { createCdn, EdgecaseError, ManualClock, memoryOrigin, type Origin } from '@edgecase/cdn';
import { mockCloudFrontClient, mockS3Client } from '@edgecase/s3';
import { describe, expect, it } from 'vitest';

function thrown(run: () => unknown): EdgecaseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EdgecaseError);
    return error as EdgecaseError;
  }
  throw new Error('expected an EdgecaseError, nothing was thrown');
}

async function rejected(run: () => Promise<unknown>): Promise<EdgecaseError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdgecaseError);
  return error as EdgecaseError;
}

describe('item 7: TypeErrors become typed errors', () => {
  it('cdn.fetch with a method that is not a string', async () => {
    const cdn = createCdn({ origin: memoryOrigin() });
    const error = await rejected(() => cdn.fetch('/a', { method: 123 as never }));
    expect(error.code).toBe('InvalidOption');
    expect(error.message).toContain('cdn.fetch init.method: expected an HTTP method');
    expect(error.message).toContain('got 123');
  });

  it.each([
    ['{ status: "ok" }', { status: 'ok' }],
    ['null', null],
  ])('a custom Origin answering %s', async (_name, answer) => {
    const origin: Origin = { kind: 'custom', name: 'my-api', fetch: async () => answer as never };
    const cdn = createCdn({ origin });
    const error = await rejected(() => cdn.fetch('/a'));
    expect(error.code).toBe('InvalidOrigin');
    expect(error.message).toContain('origin "my-api" answered: expected { status: 100-599');
  });

  it('createCdn with topology: null', () => {
    const error = thrown(() => createCdn({ origin: memoryOrigin(), topology: null as never }));
    expect(error.code).toBe('InvalidTopology');
    expect(error.message).toBe('[edgecase] topology: expected an options object, got null.');
  });
});

describe('item 8: no longer silently accepted', () => {
  const origin = memoryOrigin();
  it.each([
    [{ topology: { serverPerPop: 3 } }, 'topology has an unknown option "serverPerPop"', 'serversPerPop'],
    [{ invalidation: { propogation: { min: '1s' } } }, 'invalidation has an unknown option', 'propagation'],
    [
      { fidelity: { upstreamAges: 'ignore' } },
      'fidelity has an unknown option "upstreamAges"',
      'upstreamAge',
    ],
    [{ topolgy: {} }, 'createCdn options has an unknown option "topolgy"', 'topology'],
    [{ defaultBehavior: {} }, 'createCdn options has an unknown option', 'defaultCacheBehavior'],
  ])('%j names the typo and the option meant', (options, message, meant) => {
    const error = thrown(() => createCdn({ origin, ...(options as object) }));
    expect(error.message).toContain(message);
    expect(error.message).toContain(`Did you mean "${meant}"?`);
  });

  it('lists simulation keys as well as the distribution keys for an unknown top-level key', () => {
    const error = thrown(() => createCdn({ origin, colour: 'red' } as never));
    expect(error.message).toContain('seed');
    expect(error.message).toContain('defaultCacheBehavior');
  });

  it.each([
    [{ topology: 'big' }, 'topology: expected an options object, got "big"'],
    [{ topology: { perServerCaches: 'no' } }, 'topology.perServerCaches: expected true or false, got "no"'],
    [{ seed: Number.NaN }, 'seed: expected an integer from 0 to 4294967295 or a non-empty string, got NaN'],
    [{ seed: 2 ** 32 + 1 }, 'got 4294967297'],
    [{ seed: 1.5 }, 'got 1.5'],
  ])('%j is refused', (options, message) => {
    expect(thrown(() => createCdn({ origin, ...(options as object) })).message).toContain(message);
  });

  it('faults.outage({ fro }) is refused with a did-you-mean', () => {
    const error = thrown(() => memoryOrigin().faults.outage({ fro: '1s' } as never));
    expect(error.message).toContain('faults.outage() options has an unknown option "fro"');
    expect(error.message).toContain('Did you mean "for"?');
  });

  it('clock.advance(1e300) is refused instead of breaking Last-Modified', async () => {
    const clock = new ManualClock();
    const error = await rejected(() => clock.advance(1e300));
    expect(error.code).toBe('InvalidDuration');
    expect(error.message).toContain('expected a number of milliseconds from 0 to 100 years, got 1e+300');
  });

  it("cdn.fetch('/a', { server: '2' }) says the type is wrong", async () => {
    const cdn = createCdn({ origin: memoryOrigin() });
    const error = await rejected(() => cdn.fetch('/a', { pop: 'IAD89', server: '2' as never }));
    expect(error.message).toContain('cdn.fetch init.server: expected a server number such as 2');
    expect(error.message).toContain('got "2"');
  });

  it('cdn.fetch with a misspelt init key', async () => {
    const cdn = createCdn({ origin: memoryOrigin() });
    const error = await rejected(() => cdn.fetch('/a', { sever: 2 } as never));
    expect(error.message).toContain('Did you mean "server"?');
  });

  it('DeleteObjects with 1,001 keys is S3 MalformedXML', async () => {
    const bucket = memoryOrigin({ bucket: 'media' });
    const mock = mockS3Client(bucket);
    try {
      const client = new S3Client({ region: 'us-east-1' });
      const Objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
      const error = await client
        .send(new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects } }))
        .then(
          () => undefined,
          (e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } },
        );
      expect(error?.name).toBe('MalformedXML');
      expect(error?.$metadata.httpStatusCode).toBe(400);
      const ok = Objects.slice(0, 1000);
      await expect(
        client.send(new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: ok } })),
      ).resolves.toMatchObject({ Errors: [] });
    } finally {
      mock.restore();
    }
  });

  it.each([
    ['ListDistributionsCommand', new ListDistributionsCommand({})],
    ['TagResourceCommand', new TagResourceCommand({ Resource: 'arn', Tags: { Items: [] } })],
  ])('mockCloudFrontClient refuses %s as not modelled', async (_name, command) => {
    const cdn = createCdn({ origin: memoryOrigin() });
    const mock = mockCloudFrontClient(cdn);
    try {
      const { CloudFrontClient } = await import('@aws-sdk/client-cloudfront');
      const client = new CloudFrontClient({ region: 'us-east-1' });
      const error = await rejected(() => client.send(command as never));
      expect(error.code).toBe('UnsupportedCommand');
      // The modelled commands still answer.
      await expect(
        client.send(
          new CreateInvalidationCommand({
            DistributionId: 'E1',
            InvalidationBatch: { CallerReference: 'r', Paths: { Quantity: 1, Items: ['/a'] } },
          }),
        ),
      ).resolves.toMatchObject({ Invalidation: { Status: 'InProgress' } });
    } finally {
      mock.restore();
    }
  });
});
