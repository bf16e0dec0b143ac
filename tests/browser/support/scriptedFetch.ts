// A fetch that answers from a script, records every request, and counts how many are in flight at once: the
// browser helpers' unit tests run in Node with it (the Chromium tests use a real server instead).

export interface RecordedRequest {
  method: string;
  url: string;
  /** `Date.now()` when the request was made (the fake clock under fake timers). */
  at: number;
  body: string;
  contentType: string | null;
  signal: AbortSignal | null;
}

/** One scripted reply: a Response, a thrown error (a network failure), or `hang` (never answers). */
export type Reply = Response | Error | 'hang' | (() => Response | Error | 'hang');

export interface ScriptedFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** The most requests ever in flight at the same moment. */
  maxInFlight: number;
}

/** Answers the script in order; after the last entry, repeats it. */
export function scriptedFetch(...script: Reply[]): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const signal = init?.signal ?? null;
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = new Headers(init?.headers);
    requests.push({
      method: init?.method ?? 'GET',
      url: String(input),
      at: Date.now(),
      body,
      contentType: headers.get('content-type'),
      signal,
    });
    const entry = script[Math.min(requests.length - 1, script.length - 1)] ?? 'hang';
    const reply = typeof entry === 'function' ? entry() : entry;
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      return await new Promise<Response>((resolve, reject) => {
        signal?.throwIfAborted();
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (reply === 'hang') return;
        queueMicrotask(() => (reply instanceof Error ? reject(reply) : resolve(reply)));
      });
    } finally {
      inFlight--;
    }
  };
  return {
    fetch,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    Response.json(body, { status, headers });
export const pending = json({ status: 'pending' });
export const networkError = () => new TypeError('Failed to fetch');
