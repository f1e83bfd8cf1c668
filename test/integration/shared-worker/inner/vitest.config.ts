import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { innerConfig } from '../../inner-config.js';

// The inner suite of ../shared-worker.test.ts: three files that share one worker (isolate: false, one
// worker), run in the order of their names, so an extended `test` runs before and after the plain one.

class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : 1));
  }
}

export default innerConfig({ isolate: false, maxWorkers: 1, sequence: { sequencer: ByName } });
