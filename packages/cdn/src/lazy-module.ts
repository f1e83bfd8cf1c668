import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use instead of with the package: loading `yaml` and `acorn` up front
 * made `import('@edgecase/cdn')` take 142–179 ms instead of 127–159 ms and 5 MB more (Node 24), paid
 * by every Vitest worker that imports edgecase, though only a YAML template or a CloudFront Function
 * needs them. Synchronous (Node's `require` of the package's CommonJS build), so the APIs that use
 * them stay synchronous.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
