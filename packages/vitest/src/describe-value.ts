/** Renders a received value for misuse messages: short and never throwing. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Response) return `a Response (status ${value.status})`;
  if (value instanceof Promise) return 'a Promise';
  const name = Array.isArray(value) ? undefined : (value as object).constructor?.name;
  if (name && name !== 'Object') return `a ${name}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return 'an object';
  }
}
