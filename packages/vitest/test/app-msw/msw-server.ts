// The app's own msw server, as an app's suite has it: its API mocked, unhandled requests an error.
// Its vitest config says edgecase({ msw: { server: './packages/vitest/test/app-msw/msw-server.ts' } }).
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

export const users = http.get('https://api.acme.test/users/:id', ({ params }) =>
  HttpResponse.json({ id: Number(params.id), name: 'Ada' }),
);

export const server = setupServer(users);
