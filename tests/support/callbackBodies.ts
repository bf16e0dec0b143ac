/**
 * Callback `Request`s whose bodies the test controls chunk by chunk, for the tests of `parseCallbackRequest` (the
 * deadline, the size cap, cancellation). Shared so every callback test builds its requests the same way.
 */

export const CALLBACK_URL = 'https://partner.example/truecaller/callback';

/** A POST to {@link CALLBACK_URL} whose body is `stream` (any chunks: the tests also hand it non-bytes). */
export function streamRequest(stream: ReadableStream<unknown>, headers: Record<string, string> = {}): Request {
  return new Request(CALLBACK_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: stream as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
}

/**
 * A body whose first `sent` bytes arrive at once and whose rest arrives only when the test calls `release()` (or
 * never). Records whether the reader cancelled it.
 */
export function heldBody(json: string, sent: number) {
  const bytes = new TextEncoder().encode(json);
  let cancelled = false;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(bytes.slice(0, sent));
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    request: streamRequest(stream),
    release() {
      controller?.enqueue(bytes.slice(sent));
      controller?.close();
    },
    get cancelled() {
      return cancelled;
    },
  };
}
