import { describe, expect, test } from 'vitest';
import { guardAwaited } from './awaited-guard.js';

// The checks guardAwaited registers, run by finishTest as Vitest runs onTestFinished hooks.
const finished: (() => void)[] = [];
const onFinished = (fn: () => void) => {
  finished.push(fn);
};

/** What Vitest's matcher wrapper does with a custom matcher's promise: chain it at once. */
const asVitestDoes = (result: Promise<string>) =>
  guardAwaited('toServeOneVersion', result, onFinished).then((value) => {
    if (value !== 'pass') throw new Error('the assertion failed');
  });

function finishTest(): unknown {
  try {
    for (const fn of finished.splice(0)) fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('guardAwaited', () => {
  test('a result the test did not await fails the test, saying to await it', async () => {
    void asVitestDoes(Promise.resolve('pass'));
    expect(String(finishTest())).toMatchInlineSnapshot(
      `"EdgecaseError: [edgecase] toServeOneVersion: expected the assertion to be awaited, got a promise the test did not await, so its result never counted. toServeOneVersion is asynchronous: write await expect(...).toServeOneVersion(...)."`,
    );
  });

  test('a failure the test did not await is not reported a second time as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    void asVitestDoes(Promise.resolve('fail'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', listen);
    expect(unhandled).toEqual([]);
    expect(finishTest()).toBeInstanceOf(Error);
  });

  test('awaited (or then, catch, finally, Promise.all), it behaves as the promise it wraps', async () => {
    await asVitestDoes(Promise.resolve('pass'));
    await expect(asVitestDoes(Promise.resolve('fail'))).rejects.toThrow('the assertion failed');
    await Promise.all([asVitestDoes(Promise.resolve('pass'))]);
    await asVitestDoes(Promise.resolve('pass')).finally(() => {});
    expect(finishTest()).toBeUndefined();
  });
});
