// The app's own setup file, unchanged by edgecase: listen, reset before and after each test, close.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { server } from './msw-server.js';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' } as Parameters<typeof server.listen>[0]));
beforeEach(() => server.resetHandlers());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
