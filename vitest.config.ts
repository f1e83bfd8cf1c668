import { configDefaults, defineConfig } from 'vitest/config';
import { edgecase } from './packages/vitest/src/plugin.js';

// Packages export their TypeScript sources under the `@edgecase/source` condition, so tests run
// against `src/` without a build; type tests run against the built `.d.ts`. No `module` condition:
// it picks the AWS SDK's bundler builds (dist-es, extensionless imports), which Node cannot load.
export const source = {
  resolve: { conditions: ['@edgecase/source', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@edgecase/source', 'node', 'development|production'] } },
};

/** msw 2 in place of msw 3 (the `msw2` package) for a project on the other supported major. */
function mswAlias(msw: 'msw' | 'msw2') {
  return msw === 'msw2' ? [{ find: /^msw(\/.*)?$/, replacement: 'msw2$1' }] : [];
}

export default defineConfig({
  ...source,
  test: {
    projects: [
      // unit and integration share workers between files (isolate: false): their files import the same
      // sources, which an isolated run evaluated again for every file (about two thirds of the unit
      // project's CPU time). A file here must leave its worker as it found it: no module mocks
      // (vi.mock), no msw server of its own, no patched globals left behind. One that needs those
      // belongs in an isolated project (the vitest projects below keep isolation for msw).
      {
        ...source,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], isolate: false },
      },
      {
        ...source,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            'test/property/cdn.property.test.ts',
            'test/demo/docs-snippets.test.ts',
          ],
          isolate: false,
        },
      },
      {
        // The docs pages' checker: type-checks every ```ts block of docs/ with tsc and runs each page
        // that has its own vitest.config.ts block in a Vitest of its own (test/demo/docs-snippets.test.ts).
        // A project of its own beside `docs` (the blocks' tests): most of its time is those child
        // processes, reported with the docs project by `npm run bench:suite`, not in the unit and
        // integration figures.
        ...source,
        test: { name: 'docs-pages', include: ['test/demo/docs-snippets.test.ts'] },
      },
      {
        // The property suite: ≥ 100,000 random operations with every invariant checked (test/property).
        ...source,
        test: { name: 'property', include: ['test/property/cdn.property.test.ts'], testTimeout: 180_000 },
      },
      // @edgecase/vitest as a user has it: the plugin, `test` with fixtures, the app's own fetch; on msw 3
      // and on msw 2, the other supported major (the peer range is ^2 || ^3). These files share workers
      // (isolate: false): the plugin's msw server is a worker-scoped fixture of `test`, started once
      // and reused by the next file, so a file that only uses `test` leaves the worker as it found it.
      // A file that extends `test` shares the worker's msw server too (explore.test.ts). The files that
      // mock modules, stub globals or start an msw server of their own (`isolated` below) keep a worker
      // each, in the `-isolated` projects.
      ...(['msw', 'msw2'] as const).flatMap((msw) => {
        const isolated = [
          'packages/vitest/test/aws-setup.test.ts',
          'packages/vitest/test/deploy-script.test.ts',
          'packages/vitest/test/p-retry-on-clock.test.ts',
          'packages/vitest/test/two-servers.test.ts',
        ];
        const name = msw === 'msw2' ? 'vitest-msw2' : 'vitest';
        const project = {
          ...source,
          resolve: {
            ...source.resolve,
            alias: mswAlias(msw),
          },
          plugins: [edgecase()],
        };
        return [
          {
            ...project,
            test: {
              name,
              include: ['packages/vitest/test/**/*.test.ts'],
              exclude: [
                ...configDefaults.exclude,
                'packages/vitest/test/{app-msw,hand-wired,distribution-file}/**',
                ...isolated,
              ],
              isolate: false,
            },
          },
          { ...project, test: { name: `${name}-isolated`, include: isolated } },
        ];
      }),
      // An app that owns its msw server: edgecase({ msw: { server } }) adds the distribution's handlers
      // to it (packages/vitest/test/app-msw), on msw 3 and on msw 2.
      ...(['msw', 'msw2'] as const).map((msw) => ({
        ...source,
        resolve: {
          ...source.resolve,
          alias: mswAlias(msw),
        },
        plugins: [edgecase({ msw: { server: './packages/vitest/test/app-msw/msw-server.ts' } })],
        test: {
          name: msw === 'msw2' ? 'vitest-app-msw2' : 'vitest-app-msw',
          include: ['packages/vitest/test/app-msw/**/*.test.ts'],
          setupFiles: ['./packages/vitest/test/app-msw/setup.ts'],
        },
      })),
      {
        // edgecase({ msw: false }): no msw server of edgecase's; the app wires interceptionHandlers(cdn).
        ...source,
        plugins: [edgecase({ msw: false })],
        test: { name: 'vitest-hand-wired', include: ['packages/vitest/test/hand-wired/**/*.test.ts'] },
      },
      {
        // The plugin's distribution as the file the app deploys: CDK's synthesized template by path.
        ...source,
        plugins: [
          edgecase({
            domains: ['www.acme.example'],
            distribution: {
              cloudFormation: './packages/vitest/test/distribution-file/infra/site.template.json',
              region: 'eu-west-1',
              origins: {
                'acme-site-assets.s3.eu-west-1.amazonaws.com': { bucket: 'acme-site-assets' },
                'api.acme.example': { bucket: 'acme-api' },
              },
            },
          }),
        ],
        test: {
          name: 'vitest-distribution-cloudformation',
          include: ['packages/vitest/test/distribution-file/cloudformation.test.ts'],
        },
      },
      {
        // ...a Terraform file by path (the `aws_cloudfront_distribution` page's example)...
        ...source,
        plugins: [
          edgecase({
            distribution: {
              terraform: './packages/vitest/test/distribution-file/infra/cdn.tf',
              origins: { myS3Origin: { bucket: 'mybucket' } },
            },
          }),
        ],
        test: {
          name: 'vitest-distribution-terraform',
          include: ['packages/vitest/test/distribution-file/terraform.test.ts'],
        },
      },
      {
        // ...and `aws cloudfront get-distribution-config` output by path.
        ...source,
        plugins: [
          edgecase({
            distribution: {
              distributionConfig: './packages/vitest/test/distribution-file/infra/dist.json',
              origins: {
                'amzn-s3-demo-bucket.s3.amazonaws.com-cli-example': { bucket: 'amzn-s3-demo-bucket' },
              },
            },
          }),
        ],
        test: {
          name: 'vitest-distribution-config',
          include: ['packages/vitest/test/distribution-file/distribution-config.test.ts'],
        },
      },
      {
        // @edgecase/vitest on MinIO: edgecase({ origin: 'minio' }) (the global setup it adds shares one
        // MinIO with every project of the run), the `origin` fixture an s3Origin over a bucket per test.
        ...source,
        plugins: [edgecase({ origin: 'minio', domains: ['img.example.com'] })],
        test: { name: 'vitest-minio', include: ['packages/vitest/test/**/*.minio.ts'], testTimeout: 30_000 },
      },
      {
        // MinIO-backed suites (`*.minio.ts`): one MinIO per run from the global setup, a bucket per
        // test; skipped with one line when no MinIO can start, a failure with EDGECASE_REQUIRE_MINIO=1.
        ...source,
        test: {
          name: 'minio',
          include: ['test/**/*.minio.ts', 'packages/*/src/**/*.minio.ts'],
          // The same shared setup edgecase({ origin: 'minio' }) uses, so a whole run starts one MinIO.
          globalSetup: ['packages/vitest/src/minio/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Type tests against the built .d.ts (npm test builds first).
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['packages/vitest/test-d/**/*.test-d.ts'],
            tsconfig: 'packages/vitest/test-d/tsconfig.json',
          },
        },
      },
      {
        // The packages as a user installs them: packed with `npm pack` (after npm test's build), installed
        // into an app outside the workspace with its own msw server and strict tsconfig, on msw 2 and 3.
        test: {
          name: 'consumer',
          include: ['test/consumer/**/*.consumer.ts'],
          globalSetup: ['test/consumer/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      // The examples, each with its own vitest.config.ts as a user has it, on the built packages
      // (npm test and npm run demo build first); one project per example, named after its package.
      'examples/*',
      // The same example suites on MinIO (`edgecase({ origin: 'minio' })`): one MinIO per run for all of
      // them, a bucket per test; skipped with one line when no MinIO can start.
      'examples/*/vitest.minio.config.ts',
      // Every ```ts block of docs/ as a file of its own, run as pasted (test/demo/snippets).
      'test/demo/vitest.config.ts',
    ],
  },
});
