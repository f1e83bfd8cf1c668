import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type AppVariant, installApp } from './install-app.js';
import { workspaceRoot } from './pack-packages.js';
import { runCommand } from './run-command.js';

// The app in test/consumer/app, installed outside the workspace from the packed tarballs and the
// registry, twice: on msw 3 with every edgecase package, and on msw 2 without the optional
// @edgecase/minio. Its own `tsc --noEmit` (strict, skipLibCheck: false) and its own Vitest suite run
// there, as a user runs them.

const packs = inject('edgecasePacks');
const variants: AppVariant[] = [
  { msw: 3, withMinio: true },
  { msw: 2, withMinio: false },
];
const appFixture = join(workspaceRoot, 'test/consumer/app');
const dirs = new Map<number, string>();

beforeAll(async () => {
  const installed = await Promise.all(
    variants.map(async (variant) => {
      const started = performance.now();
      const dir = await installApp(packs, variant);
      console.info(
        `[consumer] msw ${variant.msw}: npm install ${Math.round(performance.now() - started)} ms`,
      );
      return dir;
    }),
  );
  for (const [i, variant] of variants.entries()) dirs.set(variant.msw, installed[i] as string);
});

afterAll(() => {
  if (process.env.EDGECASE_KEEP_CONSUMER === '1') return;
  for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
});

/** The app's spec files and the tests each declares, read from the fixture. */
function specTests(): string[] {
  const specs = readdirSync(join(appFixture, 'test')).filter((file) => file.endsWith('.spec.ts'));
  return specs.flatMap((spec) =>
    [...readFileSync(join(appFixture, 'test', spec), 'utf8').matchAll(/^test\((['"`])(.+?)\1,/gm)].map(
      (match) => match[2] as string,
    ),
  );
}

test('the app imports only packages its package.json declares (no phantom dependencies)', () => {
  const manifest = JSON.parse(readFileSync(join(appFixture, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)];
  const files = readdirSync(appFixture, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  );
  const imported = files.flatMap((file) =>
    [...readFileSync(join(appFixture, file), 'utf8').matchAll(/(?:from|import) '([^'.][^']*)'/g)]
      .map((match) => match[1] as string)
      .filter((specifier) => !specifier.startsWith('node:'))
      .map((specifier) =>
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
  expect([...new Set(imported)].filter((name) => !declared.includes(name))).toEqual([]);
});

describe.concurrent.each(variants.map((variant) => [`msw ${variant.msw}`, variant] as const))(
  '%s',
  (_name, variant) => {
    test('tsc --noEmit passes with skipLibCheck: false', async () => {
      const dir = dirs.get(variant.msw) as string;
      const tsc = await runCommand(
        process.execPath,
        [join(dir, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', dir],
        {
          cwd: dir,
          timeoutMs: 120_000,
        },
      );
      console.info(`[consumer] msw ${variant.msw}: tsc --noEmit ${tsc.ms} ms`);
      expect(tsc.output).toBe('');
      expect(tsc.code).toBe(0);
    });

    test("the app's suite passes with the app's own Vitest, on the installed msw major", async () => {
      const dir = dirs.get(variant.msw) as string;
      const installedMsw = JSON.parse(readFileSync(join(dir, 'node_modules/msw/package.json'), 'utf8')) as {
        version: string;
      };
      expect(installedMsw.version.split('.')[0]).toBe(String(variant.msw));
      const report = join(dir, 'vitest-report.json');
      const vitest = await runCommand(
        process.execPath,
        // The app's tests keep Vitest's 5 s default in the app; this run allows 30 s a test, since on a
        // loaded 2-core machine the first test of a worker (imports, msw, the fixture) took over 5 s.
        [
          join(dir, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--reporter=json',
          `--outputFile=${report}`,
          '--testTimeout=30000',
        ],
        { cwd: dir, timeoutMs: 120_000 },
      );
      console.info(`[consumer] msw ${variant.msw}: vitest run ${vitest.ms} ms`);
      const results = JSON.parse(readFileSync(report, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
      };
      const outcomes = results.testResults.flatMap((file) => file.assertionResults);
      expect(
        outcomes
          .filter((outcome) => outcome.status !== 'passed')
          .map((o) => [o.title, o.failureMessages.join('\n')]),
        vitest.output,
      ).toEqual([]);
      expect(outcomes.map((outcome) => outcome.title).sort()).toEqual(specTests().sort());
      expect(vitest.code).toBe(0);
    });
  },
);
