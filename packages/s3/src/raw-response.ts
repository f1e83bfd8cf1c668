import { Readable } from 'node:stream';
import type { HeaderMap } from '@edgecase/cdn';
import type {
  AbsoluteLocation,
  DeserializeHandlerOptions,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';

/** An HTTP answer exactly as the S3 endpoint sent it: status, lower-case headers, body bytes. */
export interface RawAnswer {
  status: number;
  headers: HeaderMap;
  body: Uint8Array;
}

/** Headers that describe the hop, not the answer (RFC 9110 §7.6.1); CloudFront drops them too. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'te']);

const STEP: DeserializeHandlerOptions & AbsoluteLocation = {
  step: 'deserialize',
  // Inner to the SDK's deserializer: this middleware sees the HTTP response before it is parsed.
  priority: 'low',
  name: 'edgecaseRawAnswer',
};

interface HttpLikeResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * Adds a middleware to one command that keeps the raw HTTP answer (status, headers, body) and hands
 * the deserializer an identical copy of the body. The SDK still parses and throws as usual; the
 * caller reads `answer()` afterwards. With a mocked `send` (aws-sdk-client-mock) the middleware never
 * runs and `answer()` stays `undefined`. With retries, the last attempt's answer is kept.
 */
export function captureRawAnswer(
  stack: MiddlewareStack<object, MetadataBearer>,
): () => RawAnswer | undefined {
  let answer: RawAnswer | undefined;
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as HttpLikeResponse | undefined;
      if (response && typeof response.statusCode === 'number') {
        const body = await readBody(response.body);
        answer = { status: response.statusCode, headers: lowerCase(response.headers), body };
        response.body = Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
      }
      return result;
    },
    STEP,
  );
  return () => answer;
}

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  if (typeof (body as Blob).arrayBuffer === 'function')
    return new Uint8Array(await (body as Blob).arrayBuffer());
  return new Uint8Array(0);
}

function lowerCase(headers: HttpLikeResponse['headers']): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
