// The app's first directory-index function: it builds a fresh request with the new URI and copies
// the headers and cookies over, but not the query string. CloudFront keys the cache on the request
// the function returns, so /docs/?v=2 is cached (and looked up) as /docs/index.html without ?v=2.
async function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    uri += 'index.html';
  } else if (!uri.includes('.')) {
    uri += '/index.html';
  }
  return { method: request.method, uri: uri, headers: request.headers, cookies: request.cookies };
}
