import { describe, expect, it } from 'vitest';
import { md5, multipartEtag } from './etag.js';
import { MultipartUploads } from './multipart-uploads.js';
import { normalizeMetadata } from './object-options.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('MultipartUploads', () => {
  it('assembles parts in order with the multipart ETag (§11 ETag)', () => {
    const uploads = new MultipartUploads();
    const id = uploads.create('big.bin', normalizeMetadata());
    const e2 = uploads.uploadPart(id, 2, bytes('world'));
    const e1 = uploads.uploadPart(id, 1, bytes('hello '));
    const assembled = uploads.assemble(id, [
      { partNumber: 1, etag: e1 },
      { partNumber: 2, etag: e2.replaceAll('"', '') },
    ]);
    expect(new TextDecoder().decode(assembled.body)).toBe('hello world');
    expect(assembled.etag).toBe(multipartEtag([md5(bytes('hello ')), md5(bytes('world'))]));
    expect(assembled.partCount).toBe(2);
  });

  it('uses only the listed parts, and the last upload of a part number', () => {
    const uploads = new MultipartUploads();
    const id = uploads.create('k', normalizeMetadata());
    uploads.uploadPart(id, 1, bytes('old'));
    const e1 = uploads.uploadPart(id, 1, bytes('new'));
    uploads.uploadPart(id, 2, bytes('unused'));
    const assembled = uploads.assemble(id, [{ partNumber: 1, etag: e1 }]);
    expect(new TextDecoder().decode(assembled.body)).toBe('new');
    expect(assembled.etag).toMatch(/-1"$/);
  });

  it('rejects unknown parts, wrong ETags, out-of-order and empty part lists with InvalidPart', () => {
    const uploads = new MultipartUploads();
    const id = uploads.create('k', normalizeMetadata());
    const e1 = uploads.uploadPart(id, 1, bytes('a'));
    const e2 = uploads.uploadPart(id, 2, bytes('b'));
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => uploads.assemble(id, [{ partNumber: 3, etag: e1 }]))).toBe('InvalidPart');
    expect(code(() => uploads.assemble(id, [{ partNumber: 1, etag: e2 }]))).toBe('InvalidPart');
    expect(
      code(() =>
        uploads.assemble(id, [
          { partNumber: 2, etag: e2 },
          { partNumber: 1, etag: e1 },
        ]),
      ),
    ).toBe('InvalidPart');
    expect(code(() => uploads.assemble(id, []))).toBe('InvalidPart');
  });

  it('rejects part numbers outside 1–10000', () => {
    const uploads = new MultipartUploads();
    const id = uploads.create('k', normalizeMetadata());
    expect(() => uploads.uploadPart(id, 0, bytes('a'))).toThrow(/an integer from 1 to 10000, got 0/);
    expect(() => uploads.uploadPart(id, 10_001, bytes('a'))).toThrow(/got 10001/);
  });

  it('forgets finished and aborted uploads (NoSuchUpload afterwards)', () => {
    const uploads = new MultipartUploads();
    const done = uploads.create('k', normalizeMetadata());
    uploads.finish(done);
    expect(() => uploads.uploadPart(done, 1, bytes('a'))).toThrow(
      expect.objectContaining({ code: 'NoSuchUpload' }),
    );
    const aborted = uploads.create('k', normalizeMetadata());
    uploads.abort(aborted);
    expect(() => uploads.abort(aborted)).toThrow(
      /no multipart upload "edgecase-upload-000002" is in progress/,
    );
  });
});
