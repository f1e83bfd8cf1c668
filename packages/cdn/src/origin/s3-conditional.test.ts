import { describe, expect, it } from 'vitest';
import { formatHttpDate } from './http-date.js';
import { evaluatePreconditions } from './s3-conditional.js';

const object = { etag: '"abc"', lastModifiedMs: Date.UTC(2026, 0, 1, 12) };
const before = formatHttpDate(object.lastModifiedMs - 1000);
const at = formatHttpDate(object.lastModifiedMs);
const after = formatHttpDate(object.lastModifiedMs + 1000);
const evaluate = (headers: Record<string, string>) => evaluatePreconditions(headers, object).result;

describe('evaluatePreconditions (§11 Conditional GET and HEAD)', () => {
  it('proceeds without conditional headers', () => {
    expect(evaluate({})).toBe('proceed');
  });

  it('If-None-Match: a matching tag gives 304, another tag 200', () => {
    expect(evaluate({ 'if-none-match': '"abc"' })).toBe('not-modified');
    expect(evaluate({ 'if-none-match': 'W/"abc"' })).toBe('not-modified');
    expect(evaluate({ 'if-none-match': '*' })).toBe('not-modified');
    expect(evaluate({ 'if-none-match': '"old"' })).toBe('proceed');
  });

  it('If-Modified-Since: not modified since (same second or later) gives 304', () => {
    expect(evaluate({ 'if-modified-since': at })).toBe('not-modified');
    expect(evaluate({ 'if-modified-since': after })).toBe('not-modified');
    expect(evaluate({ 'if-modified-since': before })).toBe('proceed');
  });

  it('If-Match: a different tag gives 412 naming the condition; weak tags never match', () => {
    expect(evaluatePreconditions({ 'if-match': '"other"' }, object)).toEqual({
      result: 'precondition-failed',
      condition: 'If-Match',
    });
    expect(evaluate({ 'if-match': 'W/"abc"' })).toBe('precondition-failed');
    expect(evaluate({ 'if-match': '"abc"' })).toBe('proceed');
  });

  it('If-Unmodified-Since: modified after the date gives 412', () => {
    expect(evaluatePreconditions({ 'if-unmodified-since': before }, object)).toEqual({
      result: 'precondition-failed',
      condition: 'If-Unmodified-Since',
    });
    expect(evaluate({ 'if-unmodified-since': at })).toBe('proceed');
  });

  it('If-Match true with If-Unmodified-Since false gives 200 (the ETag decides)', () => {
    expect(evaluate({ 'if-match': '"abc"', 'if-unmodified-since': before })).toBe('proceed');
  });

  it('If-None-Match false (tag matches) with If-Modified-Since true gives 304 (the ETag decides)', () => {
    expect(evaluate({ 'if-none-match': '"abc"', 'if-modified-since': before })).toBe('not-modified');
  });

  it('If-None-Match not matching overrides an If-Modified-Since that would give 304', () => {
    expect(evaluate({ 'if-none-match': '"old"', 'if-modified-since': after })).toBe('proceed');
  });

  it('412 wins over 304 when both a failing If-Match and a matching If-None-Match are sent', () => {
    expect(evaluate({ 'if-match': '"other"', 'if-none-match': '"abc"' })).toBe('precondition-failed');
  });

  it('ignores dates that do not parse', () => {
    expect(evaluate({ 'if-modified-since': 'not a date' })).toBe('proceed');
    expect(evaluate({ 'if-unmodified-since': 'not a date' })).toBe('proceed');
  });
});
