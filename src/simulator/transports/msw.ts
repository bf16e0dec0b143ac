import type { HttpHandler } from 'msw';
import type { SimulatorEngine } from '../engine.js';
import { untilAborted } from '../time.js';
import { REGIONAL_PROFILE_URL } from '../wire.js';
import { stalledResponse } from './fetch.js';

/** The part of msw the handlers use. */
interface MswModule {
  http: { all(path: string | RegExp, resolver: (info: { request: Request }) => Promise<Response>): HttpHandler };
}

/**
 * msw handlers for the simulator's in-process URLs. msw is an optional peer dependency, loaded only here, when
 * `simulator.handlers` is read: importing the simulator never loads it.
 *
 * @throws {Error} when msw is not installed, or the runtime cannot load it synchronously.
 */
export function createMswHandlers(engine: SimulatorEngine): HttpHandler[] {
  const { http } = loadMsw();
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const outcome = await engine.answer(request, engine.inProcess, request.signal).catch(() => undefined);
    if (outcome === undefined) return Response.error(); // aborted during an injected delay
    switch (outcome.type) {
      case 'response':
        return outcome.response;
      case 'stall':
        return stalledResponse(request.signal);
      case 'hang':
        await untilAborted(request.signal);
        return Response.error();
      default:
        // 'reset' (msw turns Response.error() into a network error), or a URL the simulator does not serve.
        return Response.error();
    }
  };
  const { requestsUrl, profileUrl } = engine.inProcess;
  const endpoints = new Set([profileUrl, ...engine.userEndpoints()]);
  return [
    http.all(requestsUrl, resolver),
    ...[...endpoints].map((endpoint) => http.all(endpoint, resolver)),
    http.all(REGIONAL_PROFILE_URL, resolver),
  ];
}

const MISSING_MSW =
  'simulator.handlers needs msw 2 (an optional peer dependency, ^2.15): npm install -D msw. Without msw, pass ' +
  '`fetch: simulator.fetch` to your client, or point it at `await simulator.listen()`.';

function loadMsw(): MswModule {
  // A synchronous, lazy load: the module graph of the simulator never includes msw, so importing the simulator
  // works where msw is not installed. `process.getBuiltinModule` exists on Node >= 20.16, Bun and Deno 2.
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof runtime?.getBuiltinModule !== 'function') {
    throw new Error(
      'simulator.handlers loads msw with process.getBuiltinModule (Node >= 20.16, Bun, Deno), which this runtime lacks. ' +
        'Use `simulator.fetch` instead.',
    );
  }
  const { createRequire } = runtime.getBuiltinModule('node:module') as {
    createRequire(from: string): (id: string) => unknown;
  };
  try {
    // On Node >= 20.19, require() of msw resolves its ESM build (the `module-sync` condition): the same module
    // instance a test's `import { setupServer } from 'msw/node'` uses.
    return createRequire(import.meta.url)('msw') as MswModule;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new Error(MISSING_MSW, { cause: error });
    throw error;
  }
}
