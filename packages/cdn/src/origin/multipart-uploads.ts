import { EdgecaseError, invalid } from '../errors.js';
import { etagListMatches, md5, multipartEtag } from './etag.js';
import type { ObjectMetadata } from './object-options.js';

export interface CompletedPart {
  partNumber: number;
  /** The ETag `uploadPart` returned, quoted or not. */
  etag: string;
}

/** What a completed upload assembles into; the caller commits it to the bucket. */
export interface AssembledObject {
  key: string;
  body: Uint8Array;
  etag: string;
  partCount: number;
  metadata: ObjectMetadata;
}

interface Upload {
  key: string;
  metadata: ObjectMetadata;
  parts: Map<number, { body: Uint8Array; md5: Buffer; etag: string }>;
}

/**
 * Multipart uploads in progress, as CreateMultipartUpload / UploadPart / CompleteMultipartUpload /
 * AbortMultipartUpload see them. The object appears only when `complete` is committed.
 * §11 "ETag": a multipart object's ETag is `MD5(concat(binary part MD5s))-<part count>`.
 * Not modelled: S3's 5 MiB minimum for every part but the last (EntityTooSmall), so tests can use
 * small parts; and part listing.
 */
export class MultipartUploads {
  readonly #uploads = new Map<string, Upload>();
  #created = 0;

  create(key: string, metadata: ObjectMetadata): string {
    this.#created += 1;
    const uploadId = `edgecase-upload-${String(this.#created).padStart(6, '0')}`;
    this.#uploads.set(uploadId, { key, metadata, parts: new Map() });
    return uploadId;
  }

  /** Stores a part (a later upload of the same number replaces it) and returns its quoted MD5 ETag. */
  uploadPart(uploadId: string, partNumber: number, body: Uint8Array): string {
    const upload = this.#get(uploadId, 'uploadPart');
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      invalid('InvalidOption', 'uploadPart partNumber', 'an integer from 1 to 10000', partNumber);
    }
    const digest = md5(body);
    const etag = `"${digest.toString('hex')}"`;
    upload.parts.set(partNumber, { body, md5: digest, etag });
    return etag;
  }

  /**
   * Checks the part list as CompleteMultipartUpload does — at least one part, ascending part
   * numbers, each uploaded with that ETag — and assembles the object. The upload stays open until
   * `finish` (so a failed conditional commit can be retried or aborted).
   */
  assemble(uploadId: string, parts: readonly CompletedPart[]): AssembledObject {
    const upload = this.#get(uploadId, 'completeMultipartUpload');
    if (!Array.isArray(parts) || parts.length === 0) {
      invalid('InvalidPart', 'completeMultipartUpload parts', 'at least one { partNumber, etag }', parts);
    }
    const chosen = parts.map((part, index) => {
      const previous = parts[index - 1];
      if (previous !== undefined && !(part.partNumber > previous.partNumber)) {
        invalid(
          'InvalidPart',
          'completeMultipartUpload parts',
          'part numbers in ascending order',
          parts.map((p) => p.partNumber),
          'S3 answers InvalidPartOrder.',
        );
      }
      const stored = upload.parts.get(part.partNumber);
      if (
        stored === undefined ||
        typeof part.etag !== 'string' ||
        !etagListMatches(part.etag, stored.etag, 'strong')
      ) {
        throw new EdgecaseError(
          'InvalidPart',
          `completeMultipartUpload ${uploadId}: part ${part.partNumber} with ETag ${JSON.stringify(part.etag)} was not uploaded` +
            (stored ? ` (its ETag is ${stored.etag}).` : '.'),
          { value: part, hint: 'Pass the partNumber and the ETag that uploadPart returned for each part.' },
        );
      }
      return stored;
    });
    return {
      key: upload.key,
      body: concatBytes(chosen.map((part) => part.body)),
      etag: multipartEtag(chosen.map((part) => part.md5)),
      partCount: chosen.length,
      metadata: upload.metadata,
    };
  }

  /** Forgets a completed upload. */
  finish(uploadId: string): void {
    this.#uploads.delete(uploadId);
  }

  abort(uploadId: string): void {
    this.#get(uploadId, 'abortMultipartUpload');
    this.#uploads.delete(uploadId);
  }

  #get(uploadId: string, operation: string): Upload {
    const upload = this.#uploads.get(uploadId);
    if (upload === undefined) {
      throw new EdgecaseError(
        'NoSuchUpload',
        `${operation}: no multipart upload ${JSON.stringify(uploadId)} is in progress.`,
        {
          value: uploadId,
          hint: 'Use the uploadId createMultipartUpload returned; completed and aborted uploads are gone.',
        },
      );
    }
    return upload;
  }
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
