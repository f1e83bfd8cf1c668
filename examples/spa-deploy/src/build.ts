import { createHash } from 'node:crypto';

/** What the bundler writes to dist/: bucket keys and contents, and the script index.html loads. */
export interface Build {
  files: Record<string, string>;
  /** The URL path of the app's script, as index.html asks for it. */
  script: string;
}

/**
 * A stand-in for the bundler (Vite, webpack). `hashed` names the script after its content, as they
 * do (`assets/app.3f2a9c1e.js`); `query` keeps `assets/app.js` and busts caches with `?v=<n>`.
 */
export function buildApp(version: number, naming: 'hashed' | 'query' = 'hashed'): Build {
  const code = `console.log('app v${version}');`;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 8);
  const [key, script] =
    naming === 'hashed'
      ? [`assets/app.${hash}.js`, `/assets/app.${hash}.js`]
      : ['assets/app.js', `/assets/app.js?v=${version}`];
  const html = `<!doctype html><title>app v${version}</title><script type="module" src="${script}"></script>`;
  return { files: { [key]: code, 'index.html': html }, script };
}
