// One decoder for every call: `decode()` without `{ stream: true }` keeps no state between calls, so concurrent
// reads can share it. Not fatal, and the BOM is dropped, exactly as `Response.text()` decodes.
const decoder = new TextDecoder();

const ignore = () => undefined;

/**
 * Reads a response body once, as UTF-8 text, keeping at most `maxBytes` bytes in memory: a running byte count
 * over the stream, no intermediate copies, and the stream cancelled the moment the count passes the cap (a
 * declared `Content-Length` over the cap cancels it before the first byte). Resolves `undefined` when the body
 * is larger than `maxBytes`; `''` for a response without a body.
 *
 * An abort of `signal` cancels the stream and rejects with the signal's reason, also when the stream's source
 * ignores aborts (a stub `fetch`, a test double), so a stalled body is never left holding a socket.
 *
 * @param maxBytes Largest body read, in bytes.
 * @throws the signal's reason when `signal` aborts; the stream's own error when reading fails.
 * @example
 * ```ts
 * const text = await readBoundedText(response, 256 * 1024, signal)
 * if (text === undefined) throw new Error('body larger than 256 KiB')
 * ```
 */
export async function readBoundedText(
  response: Response,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const body = response.body;
  if (body === null) return '';
  // A declared length over the cap refuses the body unread. Below the cap it is never trusted as the body's
  // length: the stream's end is. A `fetch` wrapper that decodes a body and drops `Content-Encoding` but keeps the
  // encoded `Content-Length` would otherwise have a prefix taken for the whole body (or a valid JSON prefix
  // parsed as the answer).
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes && !signal?.aborted) {
    void body.cancel().catch(ignore);
    return undefined;
  }
  const bytes = await readBoundedBytes(body, maxBytes, signal);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

/**
 * Reads a byte stream once, keeping at most `maxBytes` bytes: a running byte count, the stream cancelled the
 * moment the count passes the cap (resolves `undefined`), and one copy only when the body came in several chunks.
 * The one bounded reader of the SDK: Truecaller's responses and the routes' request bodies go through it.
 *
 * @param maxBytes Largest body read, in bytes.
 * @throws the signal's reason when `signal` aborts (the stream is cancelled, even if its source ignores aborts);
 *   the stream's own error when reading fails.
 * @example
 * ```ts
 * const bytes = await readBoundedBytes(request.body, 16 * 1024)
 * if (bytes === undefined) return new Response(null, { status: 413 })
 * ```
 */
export async function readBoundedBytes(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  if (signal?.aborted) {
    void body.cancel(signal.reason).catch(ignore);
    throw signal.reason;
  }
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(ignore);
  signal?.addEventListener('abort', onAbort);
  let first: Uint8Array | undefined;
  let chunks: Uint8Array[] | undefined;
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // After an abort, `done` may only mean "cancelled": never take a cut-off body for a whole one.
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      if (typeof value?.byteLength !== 'number') throw new TypeError('The body did not yield bytes.');
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(ignore);
        return undefined;
      }
      if (first === undefined) first = value;
      else if (chunks === undefined) chunks = [first, value];
      else chunks.push(value);
    }
  } catch (error) {
    // Whatever stopped the read, the rest of the body is not wanted (a no-op on a stream that errored).
    void reader.cancel().catch(ignore);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // The lock is kept: the body is consumed (or cancelled) and nothing reads it again, and releasing it costs a
    // rejected promise per read.
  }
  if (first === undefined) return new Uint8Array();
  if (chunks === undefined) return first;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
