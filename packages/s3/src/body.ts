import { EdgecaseError } from '@edgecase/cdn';
import { describeValue } from './options.js';

/**
 * Reads a request body as the SDK accepts it (PutObject/UploadPart `Body`): a string, bytes, a Node
 * Readable or any async iterable, a web ReadableStream or a Blob. `undefined` is an empty body.
 */
export async function bodyBytes(body: unknown, what: string): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (chunk instanceof Uint8Array) chunks.push(chunk);
      else throw unsupported(chunk, `${what} chunk`);
    }
    return Buffer.concat(chunks);
  }
  throw unsupported(body, what);
}

function unsupported(value: unknown, what: string): EdgecaseError {
  return new EdgecaseError(
    'InvalidBody',
    `${what}: expected a string, Uint8Array, Buffer, Readable, ReadableStream or Blob, got ${describeValue(value)}.`,
    { value },
  );
}
