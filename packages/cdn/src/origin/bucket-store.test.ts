import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import { BucketStore, compareKeys } from './bucket-store.js';
import { ClockBinding } from './clock-binding.js';
import { singlePartEtag } from './etag.js';
import { normalizeMetadata } from './object-options.js';

const body = (text: string) => new TextEncoder().encode(text);
const object = (key: string, text = key) => ({
  key,
  body: body(text),
  etag: singlePartEtag(body(text)),
  metadata: normalizeMetadata(),
  partCount: undefined,
});

function setup() {
  const clock = new ManualClock({ start: Date.UTC(2026, 0, 1, 0, 0, 0, 750) });
  return { clock, store: new BucketStore(new ClockBinding('test', clock)) };
}

describe('BucketStore', () => {
  it('makes a commit visible at once, with Last-Modified truncated to the second', () => {
    const { store } = setup();
    store.commit(object('a'), {}, 'put');
    expect(store.get('a')?.lastModifiedMs).toBe(Date.UTC(2026, 0, 1));
  });

  it('needs a bound clock to commit', () => {
    const store = new BucketStore(new ClockBinding('test'));
    expect(() => store.commit(object('a'), {}, 'put')).toThrow(/put needs a clock/);
  });

  it('deletes idempotently', () => {
    const { store } = setup();
    store.commit(object('a'), {}, 'put');
    store.delete('a');
    store.delete('a');
    expect(store.get('a')).toBeUndefined();
  });

  it("ifNoneMatch '*' fails with PreconditionFailed when the key exists", () => {
    const { store } = setup();
    store.commit(object('a'), { ifNoneMatch: '*' }, 'put');
    expect(() => store.commit(object('a', 'new'), { ifNoneMatch: '*' }, 'put')).toThrow(
      expect.objectContaining({ code: 'PreconditionFailed' }),
    );
    expect(new TextDecoder().decode(store.get('a')?.body)).toBe('a');
  });

  it('ifMatch succeeds on the current ETag and fails on another or a missing key', () => {
    const { store } = setup();
    const first = store.commit(object('a'), {}, 'put');
    expect(() => store.commit(object('a', 'v2'), { ifMatch: first.etag }, 'put')).not.toThrow();
    expect(() => store.commit(object('a', 'v3'), { ifMatch: first.etag }, 'put')).toThrow(
      /the current ETag is/,
    );
    expect(() => store.commit(object('b'), { ifMatch: first.etag }, 'put')).toThrow(EdgecaseError);
  });

  it('lists in UTF-8 byte order with prefix and pages', () => {
    const { store } = setup();
    for (const key of ['b', 'a/2', 'a/1', '\u{1F600}', '\uFF01']) store.commit(object(key), {}, 'put');
    expect(store.keys()).toEqual(['a/1', 'a/2', 'b', '\uFF01', '\u{1F600}']);
    expect(store.list({ prefix: 'a/' }).contents.map((entry) => entry.key)).toEqual(['a/1', 'a/2']);
    const first = store.list({ maxKeys: 2 });
    expect(first).toMatchObject({ keyCount: 2, isTruncated: true });
    const second = store.list({ maxKeys: 2, continuationToken: first.nextContinuationToken as string });
    expect(second.contents.map((entry) => entry.key)).toEqual(['b', '\uFF01']);
    const last = store.list({ maxKeys: 2, continuationToken: second.nextContinuationToken as string });
    expect(last).toMatchObject({ keyCount: 1, isTruncated: false, nextContinuationToken: undefined });
  });

  it('lists nothing for maxKeys 0, and up to 1000 keys when maxKeys is absent', () => {
    const { store } = setup();
    store.commit(object('a'), {}, 'put');
    expect(store.list({ maxKeys: 0 })).toMatchObject({ keyCount: 0, contents: [], isTruncated: false });
    expect(store.list({})).toMatchObject({ keyCount: 1, isTruncated: false });
  });

  it('rejects bad list options', () => {
    const { store } = setup();
    expect(() => store.list({ maxKeys: 1001 })).toThrow(/an integer from 0 to 1000/);
    expect(() => store.list({ continuationToken: 'nope' })).toThrow(/nextContinuationToken/);
  });

  it('orders keys by UTF-8 bytes, not UTF-16 code units', () => {
    expect(compareKeys('\uFF01', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF01' < '\u{1F600}').toBe(false);
  });
});
