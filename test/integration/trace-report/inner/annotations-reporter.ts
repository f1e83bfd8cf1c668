import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** Writes `{ [test name]: { state, annotations } }` to $EDGECASE_ANNOTATIONS_OUT. */
export default class AnnotationsReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const out: Record<string, unknown> = {};
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        out[test.name] = { state: test.result().state, annotations: test.annotations() };
      }
    }
    writeFileSync(process.env.EDGECASE_ANNOTATIONS_OUT!, JSON.stringify(out));
  }
}
