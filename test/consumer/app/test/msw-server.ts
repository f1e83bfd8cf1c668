// #region readme
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The app's own msw server, as it had before edgecase: it answers the app's API host.
export const server = setupServer(
  http.get('https://api.acme.test/users/:id', ({ params }) =>
    HttpResponse.json({ id: Number(params.id), name: 'Ada' }),
  ),
  http.get('https://api.acme.test/api/me', () => HttpResponse.json({ id: 42, name: 'Ada' })),
);
// #endregion
