import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { outcome } from '../test/support/outcome.js';
import { edgecase } from './plugin.js';

describe('edgecase()', () => {
  test('adds the matchers as a setup file and provides the options to the fixtures', () => {
    const plugin = edgecase({ domains: ['CDN.example.com'], distribution: { seed: 3 } });
    const config = (plugin.config as () => unknown)();
    expect(config).toEqual({
      test: {
        setupFiles: [expect.stringMatching(/[/\\]matchers\.(js|ts)$/)],
        provide: {
          edgecase: {
            origin: 'memory',
            distribution: { seed: 3, aliases: ['cdn.example.com'] },
            passthrough: ['localhost', '127.0.0.1', '[::1]'],
          },
        },
      },
    });
  });

  test("with origin: 'minio' adds the global setup that starts one MinIO per run", () => {
    const config = (edgecase({ origin: 'minio' }).config as () => { test: Record<string, unknown> })();
    expect(config.test.globalSetup).toEqual([expect.stringMatching(/[/\\]minio[/\\]global-setup\.(js|ts)$/)]);
    expect(config.test.provide).toEqual({ edgecase: expect.objectContaining({ origin: 'minio' }) });
  });

  test('rejects bad options before any test runs', async () => {
    // @ts-expect-error not an origin kind
    expect(await outcome(() => edgecase({ origin: 's3' }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() origin: expected 'memory' or 'minio', got "s3"."`,
    );
    expect(await outcome(() => edgecase({ domains: ['https://cdn.example.com/'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() domains: expected host names such as ['cdn.example.com'], got ["https://cdn.example.com/"]."`,
    );
  });

  test('rejects an unknown key with a did-you-mean (it used to be ignored)', async () => {
    // @ts-expect-error misspelt option
    expect(await outcome(() => edgecase({ domain: ['cdn.example.com'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() options has an unknown option "domain": expected one of origin, distribution, domains, passthrough, msw, buckets, mockClients, got "domain". Did you mean "domains"?"`,
    );
    // @ts-expect-error misspelt option
    expect(await outcome(() => edgecase({ distribution: { topolgy: { pops: 1 } } }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution has an unknown option "topolgy": expected one of domainName, aliases, defaultCacheBehavior, cacheBehaviors, customErrorResponses, defaultRootObject, enabled, restrictions, originGroups, functions, keyGroups, lambdas, seed, topology, routing, invalidation, deployment, cacheTagHeader, fidelity, trace, arn, originSettings, origins, got "topolgy". Did you mean "topology"?"`,
    );
  });

  test('passes fidelity options through to createCdn, fidelity.lambdaEdge included (checked at load)', async () => {
    const plugin = edgecase({
      distribution: { fidelity: { lambdaEdge: { errorCaching: 'error-caching' } } },
    });
    expect((plugin.config as () => unknown)()).toMatchObject({
      test: {
        provide: {
          edgecase: { distribution: { fidelity: { lambdaEdge: { errorCaching: 'error-caching' } } } },
        },
      },
    });
    expect(
      await outcome(() =>
        edgecase({ distribution: { fidelity: { lambdaEdge: { errorCaching: 'always' as never } } } }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution: fidelity.lambdaEdge.errorCaching: expected "never" or "error-caching", got "always"."`,
    );
  });

  test('resolves the distribution when the config loads: one error, before any test runs', async () => {
    expect(
      await outcome(() =>
        edgecase({ distribution: { defaultCacheBehavior: { cachePolicy: 'CachingOptimised' as never } } }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(NoSuchCachePolicy): [edgecase] edgecase() distribution: defaultCacheBehavior.cachePolicy: expected a managed cache policy name or id (CachingOptimized, CachingOptimizedForUncompressedObjects, CachingDisabled, Amplify, Elemental-MediaPackage, UseOriginCacheControlHeaders, UseOriginCacheControlHeaders-QueryStrings), got "CachingOptimised". For a custom policy pass a CachePolicyConfig object instead of a string."`,
    );
    expect(
      // @ts-expect-error misspelt nested option
      await outcome(() => edgecase({ distribution: { topology: { serverPerPop: 2 } } })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidTopology): [edgecase] edgecase() distribution: topology has an unknown option "serverPerPop": expected one of pops, serversPerPop, perServerCaches, capacityBytes, got "serverPerPop". Did you mean "serversPerPop"?"`,
    );
  });

  test("import { edgecase } from '@edgecase/vitest' works in vitest.config.ts, and `test` there names the right entry", () => {
    // A config file runs in plain Node, without Vitest's runner (npm test builds dist first).
    const script = `
      const m = await import('@edgecase/vitest');
      console.log(typeof m.edgecase({ domains: ['cdn.example.com'] }).config);
      try { m.test('x', () => {}); } catch (error) { console.log(error.code, error.message); }
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).toContain('function');
    expect(out).toContain(
      "InvalidOption [edgecase] @edgecase/vitest's `test` was used outside a Vitest test file.",
    );
    expect(out).toContain("import { edgecase } from '@edgecase/vitest/plugin'");
  });

  test("msw: { server } names a module of the app's, checked when the config loads", async () => {
    const config = (options: Parameters<typeof edgecase>[0]) =>
      (edgecase(options).config as (c: { root: string }) => { test: { provide: { edgecase: unknown } } })({
        root: new URL('../', import.meta.url).pathname,
      });
    expect(config({ msw: { server: './test/app-msw/msw-server' } }).test.provide.edgecase).toMatchObject({
      msw: { server: expect.stringMatching(/test[/\\]app-msw[/\\]msw-server\.ts$/) },
    });
    expect(config({ msw: false }).test.provide.edgecase).toMatchObject({ msw: 'none' });
    expect(
      (await outcome(() => config({ msw: { server: './test/msw.ts' } }))).replace(/\/\S+\/packages/g, '…'),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() msw.server: expected a module exporting your msw server, got "./test/msw.ts", and …/vitest/test/msw.ts does not exist. The path is relative to the Vitest root (…/vitest); the module exports the server: export const server = setupServer(...handlers)."`,
    );
    // @ts-expect-error misspelt option
    expect(await outcome(() => edgecase({ msw: { sever: './x.ts' } }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() msw has an unknown option "sever": expected one of server, got "sever". Did you mean "server"?"`,
    );
  });

  test('distribution by path: the file is read and loaded when the config loads, errors name it', async () => {
    const root = new URL('../', import.meta.url).pathname;
    const config = (options: Parameters<typeof edgecase>[0]) =>
      (edgecase(options).config as (c: { root: string }) => { test: { provide: { edgecase: unknown } } })({
        root,
      });
    const origins = { 'amzn-s3-demo-bucket.s3.amazonaws.com-cli-example': { bucket: 'site' } };
    expect(
      config({
        distribution: { distributionConfig: './test/distribution-file/infra/dist.json', origins, seed: 7 },
      }).test.provide.edgecase,
    ).toMatchObject({
      distribution: { seed: 7 },
      distributionSource: {
        kind: 'distributionConfig',
        file: expect.stringMatching(/infra[/\\]dist\.json$/),
        text: expect.stringContaining('"DistributionConfig"'),
        origins,
      },
    });
    const paths = (text: string) => text.replace(/\/\S+\/packages/g, '…');
    expect(
      paths(
        await outcome(() => config({ distribution: { cloudFormation: './infra/missing.yaml', origins } })),
      ),
    ).toMatch(
      /^EdgecaseError\(InvalidOption\): \[edgecase\] edgecase\(\) distribution\.cloudFormation: expected a readable file, got "\.\/infra\/missing\.yaml" \(…\/vitest\/infra\/missing\.yaml\): ENOENT/,
    );
    // The CDK template keyed by Id instead of by the origins' domain names: the origin is named.
    expect(
      paths(
        await outcome(() =>
          config({
            distribution: { cloudFormation: './test/distribution-file/infra/site.template.json', origins },
          }),
        ),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(NoSuchOrigin): [edgecase] edgecase() distribution: …/vitest/test/distribution-file/infra/site.template.json: fromCloudFormation origins: expected an origin keyed by Id "SiteStackSiteDistributionOrigin19C5F5C3B" or DomainName "acme-site-assets.s3.us-east-1.amazonaws.com", got keys ["amzn-s3-demo-bucket.s3.amazonaws.com-cli-example"]. Pass { origins: { "acme-site-assets.s3.us-east-1.amazonaws.com": { bucket: 'my-bucket' } } }."`,
    );
    expect(
      await outcome(() =>
        // @ts-expect-error misspelt option
        edgecase({ distribution: { cloudFormation: './site.yaml', logicalID: 'Site', origins } }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution (cloudFormation) has an unknown option "logicalID": expected one of cloudFormation, logicalId, parameters, region, imports, dynamicReferences, stackOutputs, cachePolicies, originRequestPolicies, responseHeadersPolicies, vpcOrigins, origins, unmodelled, seed, topology, routing, invalidation, cacheTagHeader, fidelity, trace, got "logicalID". Did you mean "logicalId"?"`,
    );
    // The loader's options for what only a deploy knows reach it: an export Fn::ImportValue reads.
    const dir = mkdtempSync(join(tmpdir(), 'edgecase-plugin-'));
    const template = join(dir, 'site.yaml');
    writeFileSync(
      template,
      `Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: site, DomainName: !ImportValue shared-bucket, S3OriginConfig: {} }]
        DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: allow-all, CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6 }
`,
    );
    const site = { site: { bucket: 'site' } };
    expect(
      await outcome(() => config({ distribution: { cloudFormation: template, origins: site } })),
    ).toContain('Pass the export\'s value: { imports: { "shared-bucket": … } }.');
    expect(
      config({
        distribution: {
          cloudFormation: template,
          origins: site,
          imports: { 'shared-bucket': 'site.s3.eu-west-1.amazonaws.com' },
        },
      }).test.provide.edgecase,
    ).toMatchObject({
      distributionSource: { loader: { imports: { 'shared-bucket': 'site.s3.eu-west-1.amazonaws.com' } } },
    });
    expect(
      await outcome(() =>
        edgecase({
          distribution: { cloudFormation: './site.yaml', distributionConfig: './d.json', origins } as never,
        }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution: expected one file (cloudFormation or terraform or distributionConfig), got cloudFormation and distributionConfig."`,
    );
    expect(
      // @ts-expect-error no origins
      await outcome(() => edgecase({ distribution: { cloudFormation: './site.yaml' } })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution.origins: expected the file's origins by Id or domain name, such as { site: { bucket: 'acme-assets' } }, got undefined. Each origin of the file needs a bucket or a url in the test."`,
    );
    expect(
      // The file says the behaviours: createCdn's distribution keys are not taken beside it.
      await outcome(() =>
        edgecase({
          distribution: { cloudFormation: './site.yaml', origins, defaultRootObject: 'x' } as never,
        }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution (cloudFormation) has an unknown option "defaultRootObject": expected one of cloudFormation, logicalId, parameters, region, imports, dynamicReferences, stackOutputs, cachePolicies, originRequestPolicies, responseHeadersPolicies, vpcOrigins, origins, unmodelled, seed, topology, routing, invalidation, cacheTagHeader, fidelity, trace, got "defaultRootObject"."`,
    );
  });

  test('distribution by path, Terraform: the config hook answers a promise (the HCL parser is WebAssembly)', async () => {
    const hook = (options: Parameters<typeof edgecase>[0]) =>
      (
        edgecase(options).config as (c: {
          root: string;
        }) => Promise<{ test: { provide: { edgecase: unknown } } }>
      )({
        root: new URL('../', import.meta.url).pathname,
      });
    const origins = { myS3Origin: { bucket: 'mybucket' } };
    const terraform = './test/distribution-file/infra/cdn.tf';
    expect((await hook({ distribution: { terraform, origins } })).test.provide.edgecase).toMatchObject({
      distributionSource: {
        kind: 'terraform',
        text: expect.stringContaining('resource "aws_cloudfront_distribution"'),
      },
    });
    // A loader error is one error naming the file (here an `unmodelled` mode that is not one).
    const refused = await hook({
      distribution: { terraform, origins, unmodelled: { WebACLId: 'eror' as never } },
    }).then(
      () => 'loaded',
      (error: Error) => error.message.replace(/\/\S+\/packages/g, '…'),
    );
    expect(refused).toMatch(
      /^\[edgecase\] edgecase\(\) distribution: …\/vitest\/test\/distribution-file\/infra\/cdn\.tf: unmodelled\["WebACLId"\]: expected 'error', 'warn' or 'ignore', got "eror"/,
    );
    // The loader's `references` reach it: a value of a data source edgecase cannot read.
    const dir = mkdtempSync(join(tmpdir(), 'edgecase-plugin-'));
    const tf = join(dir, 'cdn.tf');
    writeFileSync(
      tf,
      readFileSync(new URL('../test/distribution-file/infra/cdn.tf', import.meta.url), 'utf8').replace(
        /aliases\s*=\s*\[[^\]]*\]/,
        'aliases = [data.aws_ssm_parameter.domain.value]',
      ) + '\ndata "aws_ssm_parameter" "domain" {\n  name = "/site/domain"\n}\n',
    );
    const asked = await hook({ distribution: { terraform: tf, origins } }).then(
      () => 'loaded',
      (error: Error) => error.message,
    );
    expect(asked).toContain('{ references: { "data.aws_ssm_parameter.domain.value": … } }');
    const answered = await hook({
      distribution: {
        terraform: tf,
        origins,
        references: { 'data.aws_ssm_parameter.domain.value': 'cdn.example.com' },
      },
    });
    expect(answered.test.provide.edgecase).toMatchObject({
      distributionSource: {
        loader: { references: { 'data.aws_ssm_parameter.domain.value': 'cdn.example.com' } },
      },
    });
    // A module's directory: its .tf files are read as one configuration (the corpus's registry module).
    const module = await hook({
      distribution: {
        terraform: '../../test/corpus/configs/terraform/terraform-aws-modules-cloudfront',
        variables: {
          origin: { s3: { domain_name: 'site.s3.amazonaws.com' } },
          default_cache_behavior: { target_origin_id: 's3', viewer_protocol_policy: 'allow-all' },
        },
        origins: { s3: { bucket: 'site' } },
      },
    });
    expect(module.test.provide.edgecase).toMatchObject({
      distributionSource: { text: { 'main.tf': expect.any(String), 'variables.tf': expect.any(String) } },
    });
  });

  test('buckets, mockClients and distribution.origins are checked when the config loads', async () => {
    expect(await outcome(() => edgecase({ buckets: ['Acme_Assets'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets[0].name: expected an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, got "Acme_Assets"."`,
    );
    expect(
      // @ts-expect-error misspelt option
      await outcome(() => edgecase({ buckets: [{ name: 'acme-assets', listBuckets: false }] })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets[0] has an unknown option "listBuckets": expected one of name, listBucket, access, got "listBuckets". Did you mean "listBucket"?"`,
    );
    // @ts-expect-error not a client edgecase mocks
    expect(await outcome(() => edgecase({ mockClients: ['dynamodb'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() mockClients: expected a list of 's3' and 'cloudfront', such as ['s3', 'cloudfront'], got ["dynamodb"]."`,
    );
    expect(
      await outcome(() =>
        // @ts-expect-error both kinds at once
        edgecase({ distribution: { origins: { api: { url: 'https://api.acme.test', bucket: 'x' } } } }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution: origins.api: expected exactly one of bucket (an in-memory bucket) or url (an HTTP origin), got {"url":"https://api.acme.test","bucket":"x"}."`,
    );
    expect(
      await outcome(() =>
        edgecase({
          distribution: {
            origins: { site: { bucket: 'acme-assets' }, api: { url: 'https://api.acme.test' } },
          },
        }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() distribution: defaultCacheBehavior.targetOriginId: expected one of the origin ids "site", "api", got undefined. With several origins each behaviour must name its targetOriginId."`,
    );
  });

  test("a bucket's access is 'open' or 'private', checked strictly, and private takes no listBucket", async () => {
    const config = (
      edgecase({ buckets: [{ name: 'acme-site', access: 'private' }, 'acme-assets'] }).config as () => {
        test: Record<string, unknown>;
      }
    )();
    expect(config.test.provide).toMatchObject({
      edgecase: { buckets: [{ name: 'acme-site', access: 'private' }, { name: 'acme-assets' }] },
    });
    expect(
      // @ts-expect-error misspelt option
      await outcome(() => edgecase({ buckets: [{ name: 'acme-site', acess: 'private' }] })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets[0] has an unknown option "acess": expected one of name, listBucket, access, got "acess". Did you mean "access"?"`,
    );
    expect(
      // @ts-expect-error not an access
      await outcome(() => edgecase({ buckets: [{ name: 'acme-site', access: 'public' }] })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets[0].access: expected 'open' or 'private', got "public"."`,
    );
    expect(
      await outcome(() =>
        edgecase({ buckets: [{ name: 'acme-site', access: 'private', listBucket: true }] }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets[0].listBucket: expected no listBucket with access: 'private', got true. A private bucket's policy decides s3:ListBucket: grant it on arn:aws:s3:::<bucket> with putBucketPolicy (§18)."`,
    );
    // MinIO takes a private bucket (CloudFront's principal is restricted credentials there).
    expect(
      await outcome(() => edgecase({ origin: 'minio', buckets: [{ name: 'acme-site', access: 'private' }] })),
    ).toBe('pass');
  });

  test("named buckets with origin: 'minio' are provided; a private one is refused (MinIO answers 404)", async () => {
    const config = (
      edgecase({ origin: 'minio', buckets: ['acme-assets', 'acme-uploads'] }).config as () => {
        test: Record<string, unknown>;
      }
    )();
    expect(config.test.provide).toMatchObject({
      edgecase: { buckets: [{ name: 'acme-assets' }, { name: 'acme-uploads' }] },
    });
    expect(
      await outcome(() =>
        edgecase({ origin: 'minio', buckets: [{ name: 'acme-uploads', listBucket: false }] }),
      ),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() buckets: expected buckets without listBucket: false with origin: 'minio', got {"name":"acme-uploads","listBucket":false}. MinIO answers 404 NoSuchKey for a missing key even without s3:ListBucket (S3 answers 403): test that 403 on the in-memory origin. For a bucket only CloudFront's origin access may read, use access: 'private', which MinIO supports."`,
    );
  });

  test('options that cannot apply together are refused', async () => {
    expect(await outcome(() => edgecase({ origin: 'minio', mockClients: ['s3'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() mockClients: expected no 's3' with origin: 'minio', got ["s3"]. On MinIO the app's S3Client talks to the run's MinIO; request the \`s3\` fixture for a client configured for it."`,
    );
    expect(
      await outcome(() => edgecase({ msw: { server: './test/msw-server.ts' }, passthrough: ['localhost'] })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() passthrough: expected none with msw: {"server":"./test/msw-server.ts"}, got ["localhost"]. Your msw server decides which requests reach the network (its onUnhandledRequest); edgecase's passthrough applies only to the server edgecase starts."`,
    );
  });
});
