import { SITE_ORIGIN } from '../src/publish.js';

/** The font's address on the CDN. */
export const FONT_URL = 'https://assets.example.com/fonts/brand.woff2';

/**
 * What a browser does for `@font-face { src: url(FONT_URL) }` on a page of `page`: a CORS request
 * (fonts are always fetched in CORS mode) with `Origin`, and the font is used only when the answer's
 * `Access-Control-Allow-Origin` is `*` or the page's origin.
 */
export async function pageLoadsFont(page: string = SITE_ORIGIN) {
  const response = await fetch(FONT_URL, { headers: { origin: page } });
  const allow = response.headers.get('access-control-allow-origin');
  return {
    font: allow === '*' || allow === page ? 'loaded' : 'blocked by CORS',
    xCache: response.headers.get('x-cache'),
    allowOrigin: allow,
  };
}

/**
 * A request for the font without `Origin`: a `<link rel="preload" as="font">` without
 * `crossorigin`, someone opening the URL, a crawler, or a deploy's cache warm-up.
 */
export async function fetchWithoutOrigin() {
  return fetch(FONT_URL);
}
