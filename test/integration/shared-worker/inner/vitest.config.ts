import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { edgecase } from '../../../../packages/vitest/src/plugin.js';
import { innerConditions } from '../../inner-vitest.js';

// The inner suite of ../shared-worker.test.ts: three files that share one worker (isolate: false, one
// worker), run in the order of their names, so an extended `test` runs before and after the plain one.

class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : 1));
  }
}

export default defineConfig({
  resolve: { conditions: innerConditions },
  ssr: { resolve: { conditions: innerConditions } },
  plugins: [edgecase()],
  test: {
    include: ['*.inner.ts'],
    isolate: false,
    maxWorkers: 1,
    sequence: { sequencer: ByName },
  },
});
