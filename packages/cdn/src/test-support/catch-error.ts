import { EdgecaseError } from '../errors.js';

/** The `EdgecaseError` `run` throws (any other error is rethrown; no throw fails the test). */
export function catchError(run: () => unknown): EdgecaseError {
  try {
    run();
  } catch (error) {
    if (error instanceof EdgecaseError) return error;
    throw error;
  }
  throw new Error('expected an EdgecaseError');
}

/** The `EdgecaseError` the promise `run` gives rejects with. */
export async function rejection(run: () => Promise<unknown>): Promise<EdgecaseError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof EdgecaseError) return error;
    throw error;
  }
  throw new Error('expected an EdgecaseError');
}
