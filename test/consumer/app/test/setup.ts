// #region readme
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './msw-server.js';

// The app's msw lifecycle, unchanged: edgecase adds the distribution's handlers to this server.
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
// #endregion
