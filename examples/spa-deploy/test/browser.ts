/** The app's address: the distribution's alternate domain name. */
export const APP_URL = 'https://app.example.com';

/**
 * What a browser does when the user opens the app: loads `/` (index.html), then the script it links.
 * Returns the versions it got (`'v2'`), or the script's status when it failed.
 */
export async function openApp() {
  const html = await (await fetch(`${APP_URL}/`)).text();
  const scriptUrl = `${APP_URL}${/ src="([^"]+)"/.exec(html)?.[1]}`;
  const script = await fetch(scriptUrl);
  return {
    html: /app (v\d+)/.exec(html)?.[1],
    script: script.ok ? /app (v\d+)/.exec(await script.text())?.[1] : script.status,
    scriptUrl,
  };
}
