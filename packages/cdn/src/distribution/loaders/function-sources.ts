import type { CloudFrontFunctionSource } from '../../options/edge-code-types.js';

/**
 * The functions a loaded config runs: those read from it, with the `functions` option's entries
 * (which win). An entry without `code` or `file` adds to the function read from the config (its
 * `keyValueStore`, its `safetyLimit`), so a test gives a store's keys without copying the code.
 */
export function mergeFunctions(
  read: Readonly<Record<string, CloudFrontFunctionSource>>,
  given: Readonly<Record<string, CloudFrontFunctionSource>> | undefined,
): Record<string, CloudFrontFunctionSource> {
  const merged: Record<string, CloudFrontFunctionSource> = { ...read };
  for (const [name, source] of Object.entries(given ?? {})) {
    const partial =
      typeof source === 'object' && source !== null && source.code === undefined && source.file === undefined;
    merged[name] = partial && read[name] ? { ...read[name], ...source } : source;
  }
  return merged;
}

/** The `functions` option's entry for a function, by its name or its ARN. */
export function givenFunction(
  given: Readonly<Record<string, CloudFrontFunctionSource>> | undefined,
  name: string,
): CloudFrontFunctionSource | undefined {
  return Object.entries(given ?? {}).find(([key]) => key === name || key.endsWith(`/${name}`))?.[1];
}
