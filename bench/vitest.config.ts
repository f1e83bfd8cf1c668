import { defineConfig } from 'vitest/config';
import { source } from '../vitest.config.js';

// One bench file at a time: on this 2-core machine two files timed side by side share the cores and
// the memory bus (the explorer's CPU per run read 27.8 µs beside the 1 M-entry memory bench, 20.2 µs
// alone). Each figure is meant to be taken on a quiet machine, so no bench runs beside another.
export default defineConfig({
  ...source,
  test: {
    dir: '.',
    execArgv: ['--expose-gc'],
    fileParallelism: false,
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
