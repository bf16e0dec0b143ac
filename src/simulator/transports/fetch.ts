import type { Outcome, SimulatorEngine } from '../engine.js';
import { untilAborted } from '../time.js';

/**
 * A `fetch` that answers Truecaller's URLs in-process. It behaves like the platform's fetch where it matters to
 * a client: it rejects with the signal's reason when aborted (also during an injected delay, hang or stalled
 * body), and with a `TypeError` for a reset connection or a URL that is not one of Truecaller's.
 */
export function createSimulatorFetch(engine: SimulatorEngine): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const outcome = await engine.answer(request, engine.inProcess, signal);
    return toFetchResult(outcome, request, signal);
  };
}

async function toFetchResult(outcome: Outcome, request: Request, signal: AbortSignal): Promise<Response> {
  switch (outcome.type) {
    case 'response':
      signal.throwIfAborted();
      return outcome.response;
    case 'reset':
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET (simulated)'), { code: 'ECONNRESET' }),
      });
    case 'hang':
      await untilAborted(signal);
      throw signal.reason;
    case 'stall':
      return stalledResponse(signal);
    case 'unrouted': {
      const url = new URL(request.url);
      throw new TypeError(
        `simulator.fetch: ${request.method} ${url.origin}${url.pathname} is not one of Truecaller's endpoints; ` +
          'the simulator answers only the start call and the profile call.',
      );
    }
  }
}

/** A 200 whose body never ends; it errors with the signal's reason when the caller aborts, as a real body does. */
export function stalledResponse(signal: AbortSignal | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener('abort', () => controller.error(signal.reason), { once: true });
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
