import { InvalidCallbackError } from '../errors/inputErrors.js';
import { assertDuration, assertInteger, assertOptionalSignal, assertOptions, optionKeys } from '../internal/assert.js';
import { CALLBACK_READ_TIMEOUT, MAX_CALLBACK_BYTES } from './limits.js';
import { parseCallbackWithLimit } from './parseCallback.js';
import type { TruecallerCallback } from './schema.js';

/** Options of {@link parseCallbackRequest}. */
export interface ParseCallbackRequestOptions {
  /** Largest body read, in bytes; reading stops there. Default 16,384 (16 KiB). */
  maxBytes?: number | undefined;
  /**
   * Milliseconds the whole body may take to arrive. Default 2,000: inside the 3 seconds Truecaller allows for
   * the acknowledgement, so a body that trickles in is refused while there is still time to answer. Past it,
   * reading stops and the call throws {@link InvalidCallbackError}.
   */
  timeout?: number | undefined;
  /** Aborts reading the body; the promise then rejects with the signal's reason, exactly as given. */
  signal?: AbortSignal | undefined;
}

/** The read options after defaults and validation. */
export interface CallbackReadOptions {
  maxBytes: number;
  timeout: number;
  signal: AbortSignal | undefined;
}

const ignore = () => undefined;

/**
 * Reads a callback straight from a web-standard `Request` (Workers, Deno, Bun, Hono, Next.js route handlers,
 * or Node via your framework's adapter), stopping at `maxBytes` without buffering more, and within `timeout`
 * milliseconds. JSON bodies and `application/x-www-form-urlencoded` bodies are both understood.
 *
 * A body that has not fully arrived after `timeout` ms is refused with {@link InvalidCallbackError}, not a
 * `TimeoutError`: the sender (anyone may POST to a callback URL) failed to deliver a callback, which is a
 * refused callback (answer 400), not a Truecaller outage to retry or alert on (`TimeoutError` means one of the
 * SDK's own calls to Truecaller was slow). The stream is cancelled and nothing is recorded.
 *
 * @throws {InvalidCallbackError} the method is not POST, the body is too large, did not arrive within
 *   `timeout`, or is not a callback.
 * @throws {TypeError} an option is invalid (before the body is touched).
 * @throws the signal's `reason`, unwrapped, when `signal` aborts.
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const callback = await parseCallbackRequest(request, { timeout: 2_000, signal: request.signal })
 *   // …
 * }
 * ```
 */
export async function parseCallbackRequest(
  request: Request,
  options: ParseCallbackRequestOptions = {},
): Promise<TruecallerCallback> {
  const read = resolveCallbackReadOptions('parseCallbackRequest', options);
  if (read.signal?.aborted) throw read.signal.reason;
  if (request.method !== 'POST') fail(`method must be POST, not ${request.method.slice(0, 16)}`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > read.maxBytes) fail(`body is larger than ${read.maxBytes} bytes`);
  const bytes = await readAtMost(request, read);
  // Media types are case-insensitive (RFC 9110).
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return parseCallbackWithLimit(new URLSearchParams(new TextDecoder().decode(bytes)), read.maxBytes);
  }
  return parseCallbackWithLimit(bytes, read.maxBytes);
}

/**
 * Applies the defaults of {@link ParseCallbackRequestOptions} and refuses invalid values, naming `method`.
 *
 * @throws {TypeError} naming the invalid option.
 */
export function resolveCallbackReadOptions(
  method: string,
  options: ParseCallbackRequestOptions,
  known: readonly (keyof ParseCallbackRequestOptions & string)[] = PARSE_CALLBACK_REQUEST_KEYS,
): CallbackReadOptions {
  assertOptions<ParseCallbackRequestOptions>(method, options, known);
  return {
    maxBytes: assertInteger(method, 'maxBytes', options.maxBytes, MAX_CALLBACK_BYTES, 1),
    timeout: assertDuration(method, 'timeout', options.timeout, CALLBACK_READ_TIMEOUT),
    signal: assertOptionalSignal(method, options.signal),
  };
}

const PARSE_CALLBACK_REQUEST_KEYS = optionKeys<ParseCallbackRequestOptions>()(['maxBytes', 'timeout', 'signal']);

/**
 * Reads the body once with a running byte count, under a deadline and the caller's signal; either one cancels
 * the stream, so a trickling sender never holds the read (or its buffer) past `timeout`.
 */
async function readAtMost(request: Request, { maxBytes, timeout, signal }: CallbackReadOptions): Promise<Uint8Array> {
  if (request.body === null) fail('body is empty');
  const reader = request.body.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void reader.cancel().catch(ignore);
  }, timeout);
  const onAbort = () => void reader.cancel(signal?.reason).catch(ignore);
  signal?.addEventListener('abort', onAbort);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        result = await reader.read();
      } catch {
        result = undefined;
      }
      // A cancelled read ends as `done` (or fails): the abort and the deadline decide what it means.
      if (signal?.aborted) throw signal.reason;
      if (timedOut) fail(`body did not arrive within ${timeout} ms`);
      // The stream's own error is not repeated: it may quote the body.
      if (result === undefined) fail('body could not be read');
      if (result.done) break;
      total += result.value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(ignore);
        fail(`body is larger than ${maxBytes} bytes`);
      }
      chunks.push(result.value);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
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
