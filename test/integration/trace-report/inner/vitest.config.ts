import { innerConfig } from '../../inner-config.js';

// The inner suite of ../attach.test.ts: tests that fail on purpose, run by a Vitest of their own, with
// a reporter that writes every test's annotations to the file the outer test names.
export default innerConfig({ reporters: ['./annotations-reporter.ts'] });
