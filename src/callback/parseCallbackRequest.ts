import { InvalidCallbackError } from '../errors/inputErrors.js';
import { MAX_CALLBACK_BYTES } from './limits.js';
import { parseCallbackWithLimit } from './parseCallback.js';
import type { TruecallerCallback } from './schema.js';

/** Options of {@link parseCallbackRequest}. */
export interface ParseCallbackRequestOptions {
  /** Largest body read, in bytes; reading stops there. Default 16 KiB. */
  maxBytes?: number | undefined;
}

/**
 * Reads a callback straight from a web-standard `Request` (Workers, Deno, Bun, Hono, Next.js route handlers,
 * or Node via your framework's adapter), stopping at `maxBytes` without buffering more. JSON bodies and
 * `application/x-www-form-urlencoded` bodies are both understood.
 *
 * @throws {InvalidCallbackError} when the method is not POST, the body is too large, or it is not a callback.
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const callback = await parseCallbackRequest(request)
 *   // …
 * }
 * ```
 */
export async function parseCallbackRequest(
  request: Request,
  options: ParseCallbackRequestOptions = {},
): Promise<TruecallerCallback> {
  const maxBytes = options.maxBytes === undefined ? MAX_CALLBACK_BYTES : options.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new TypeError('parseCallbackRequest: `maxBytes` must be a positive whole number of bytes.');
  }
  if (request.method !== 'POST') fail(`method must be POST, not ${request.method.slice(0, 16)}`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) fail(`body is larger than ${maxBytes} bytes`);
  const bytes = await readAtMost(request, maxBytes);
  // Media types are case-insensitive (RFC 9110).
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return parseCallbackWithLimit(new URLSearchParams(new TextDecoder().decode(bytes)), maxBytes);
  }
  return parseCallbackWithLimit(bytes, maxBytes);
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) fail('body is empty');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        fail(`body is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof InvalidCallbackError) throw error;
    fail('body could not be read');
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function fail(message: string): never {
  throw new InvalidCallbackError([{ path: '', message }]);
}
