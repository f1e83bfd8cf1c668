import { EdgecaseError } from '@edgecase/cdn';
import { onTestFinished } from 'vitest';

/**
 * Makes an un-awaited asynchronous matcher fail the test it belongs to.
 *
 * Vitest chains a custom matcher's result (`result.then(check)`) and gives the test what that call
 * returns. Without `await` the test passed, and a failure surfaced later as an unattributed
 * "Unhandled Rejection". Here the result's `then` returns a promise that notes whether the test
 * awaited it (`await`, `.then`, `.catch`, `.finally`, `Promise.all` all call one of them); if not when
 * the test finishes, the test fails with a message saying to await it. The failure itself is then
 * held back (the message replaces it), so nothing surfaces after the test.
 */
export function guardAwaited<R>(
  matcher: string,
  result: Promise<R>,
  /** Where the check is registered: the running test's `onTestFinished` (a stand-in in this module's tests). */
  onFinished: (check: () => void) => void = onTestFinished,
): Promise<R> {
  let awaited = false;
  try {
    onFinished(() => {
      if (awaited) return;
      throw new EdgecaseError(
        'InvalidOption',
        `${matcher}: expected the assertion to be awaited, got a promise the test did not await, so its result never counted.`,
        { hint: `${matcher} is asynchronous: write await expect(...).${matcher}(...).` },
      );
    });
  } catch {
    // Outside a running test (in a hook, under expect.poll): nothing to attach the check to.
    return result;
  }
  // Vitest's matcher wrapper calls `then` once, at once; what it returns is what the test holds.
  const chain = (chained: Promise<unknown>) => {
    chained.catch(() => {}); // reported by the check above when the test does not await it
    return tracked(chained, () => {
      awaited = true;
    });
  };
  return {
    // biome-ignore lint/suspicious/noThenProperty: a promise of our own on purpose (see above)
    then: (onFulfilled, onRejected) => chain(result.then(onFulfilled, onRejected)),
    catch: (onRejected) => chain(result.catch(onRejected)),
    finally: (onFinally) => chain(result.finally(onFinally)),
    [Symbol.toStringTag]: 'Promise',
  } as Promise<R>;
}

function tracked<T>(promise: Promise<T>, onAwait: () => void): Promise<T> {
  return {
    // biome-ignore lint/suspicious/noThenProperty: a promise of our own on purpose (see above)
    then(onFulfilled, onRejected) {
      onAwait();
      return promise.then(onFulfilled, onRejected);
    },
    catch(onRejected) {
      onAwait();
      return promise.catch(onRejected);
    },
    finally(onFinally) {
      onAwait();
      return promise.finally(onFinally);
    },
    [Symbol.toStringTag]: 'Promise',
  } as Promise<T>;
}
