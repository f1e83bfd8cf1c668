// The app's Lambda@Edge auth handler (index.handler, Node.js): members carry the session cookie the
// sign-in sets; anyone else gets 401 and the sign-in link. The same code runs on either trigger:
// which one the distribution associates it with decides whether it sees every request.
const SESSION = /(?:^|;\s*)session=member-[a-z0-9]+(?:;|$)/;

export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  const cookies = (request.headers.cookie ?? []).map((header) => header.value).join('; ');
  if (SESSION.test(cookies)) return request;
  return {
    status: '401',
    statusDescription: 'Unauthorized',
    headers: {
      'content-type': [{ key: 'Content-Type', value: 'text/html' }],
      'cache-control': [{ key: 'Cache-Control', value: 'no-store' }],
    },
    body: '<a href="/sign-in">Sign in</a>',
  };
};
