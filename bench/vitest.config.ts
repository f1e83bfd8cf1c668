import { defineConfig } from 'vitest/config';
import { source } from '../vitest.config.js';

export default defineConfig({
  ...source,
  test: { dir: '.', execArgv: ['--expose-gc'], benchmark: { include: ['bench/**/*.bench.ts'] } },
});
