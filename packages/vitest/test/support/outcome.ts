/**
 * Runs an assertion and returns what a user would read: `pass`, or the error's name and message.
 * For tests of matcher messages (inline snapshots of pass, fail, `.not` and misuse).
 */
export async function outcome(assertion: () => unknown): Promise<string> {
  try {
    await assertion();
    return 'pass';
  } catch (error) {
    if (!(error instanceof Error)) return String(error);
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? `(${code})` : ''}: ${error.message}`;
  }
}
