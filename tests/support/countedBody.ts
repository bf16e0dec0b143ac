/** A body stream that counts what its reader asked for, to show a bounded reader stops early and cancels. */
export interface CountedBody {
  readonly stream: ReadableStream<Uint8Array>;
  /** Chunks handed out so far. */
  readonly pulls: number;
  readonly cancelled: boolean;
}

/**
 * A body of `totalBytes` bytes (`prefix` first, then spaces, which JSON allows), produced one `chunkSize` chunk per
 * pull and only when pulled: nothing is generated ahead of the reader (`highWaterMark: 0`). A large `totalBytes`
 * stands for a body that never ends: it still closes, so a reader that does not stop fails an assertion instead
 * of hanging the run.
 */
export function countedBody(totalBytes: number, chunkSize: number, prefix = ''): CountedBody {
  const head = new TextEncoder().encode(prefix);
  let sent = 0;
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= totalBytes) {
          controller.close();
          return;
        }
        pulls += 1;
        const size = Math.min(chunkSize, totalBytes - sent);
        const chunk = new Uint8Array(size).fill(0x20);
        if (sent === 0) chunk.set(head.subarray(0, size));
        sent += size;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    get pulls() {
      return pulls;
    },
    get cancelled() {
      return cancelled;
    },
  };
}
