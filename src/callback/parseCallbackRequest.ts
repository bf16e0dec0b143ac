import { InvalidCallbackError } from '../errors/inputErrors.js';
import { readBoundedBytes } from '../http/readBoundedText.js';
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
 * @throws {TypeError} an option is invalid, or something already read (or is reading) the body: both before
 *   the body is touched.
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
  // Your code's mistake, not a refused callback: as an InvalidCallbackError it would refuse every genuine one.
  if (request.bodyUsed || request.body?.locked) {
    throw new TypeError(
      'parseCallbackRequest: the request body was already read. Pass the Request before anything reads it, ' +
        'or pass the body you read to parseCallback().',
    );
  }
  if (request.method !== 'POST') fail(`method must be POST, not ${request.method.slice(0, 16)}`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > read.maxBytes) {
    // Not read, but not left holding a socket either (as every other refusal of a body being read).
    void request.body?.cancel().catch(ignore);
    fail(`body is larger than ${read.maxBytes} bytes`);
  }
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

const ignore = () => undefined;

const PARSE_CALLBACK_REQUEST_KEYS = optionKeys<ParseCallbackRequestOptions>()(['maxBytes', 'timeout', 'signal']);

/**
 * Reads the body through the SDK's one bounded reader ({@link readBoundedBytes}) under one signal that aborts on
 * the deadline or on the caller's abort, whichever comes first; either one cancels the stream, so a trickling
 * sender never holds the read (or its buffer) past `timeout`.
 *
 * The caller's signal is forwarded by hand rather than through `AbortSignal.any`: a long-lived signal (a
 * server's shutdown signal) would collect one composite per callback on Node (nodejs/node#55351), and the
 * listener here is removed when the read ends. `setTimeout` rather than `AbortSignal.timeout`, so the deadline
 * runs on the same clock as every other timer (and fake timers in tests).
 */
async function readAtMost(request: Request, { maxBytes, timeout, signal }: CallbackReadOptions): Promise<Uint8Array> {
  if (request.body === null) fail('body is empty');
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, timeout);
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readBoundedBytes(request.body, maxBytes, stop.signal);
  } catch {
    // The abort and the deadline decide what a stopped read means; the stream's own error is not repeated: it
    // may quote the body.
    if (signal?.aborted) throw signal.reason;
    if (timedOut) fail(`body did not arrive within ${timeout} ms`);
    fail('body could not be read');
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (bytes === undefined) fail(`body is larger than ${maxBytes} bytes`);
  // A body in one chunk comes back as that chunk: a stream built by hand may yield a plain object with a
  // `byteLength`, which the parser would take for an already parsed body. Fetch allows only bytes.
  if (!ArrayBuffer.isView(bytes)) fail('body could not be read');
  return bytes;
}

function fail(message: string): never {
  throw new InvalidCallbackError([{ path: '', message }]);
}
