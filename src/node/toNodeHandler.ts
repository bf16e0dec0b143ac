import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestListener } from '@remix-run/node-fetch-server';
import type { RouteHandler } from '../routes/createTruecallerRoutes.js';
import { answerFor } from '../routes/errorAnswers.js';

/**
 * Options of {@link toNodeHandler}.
 *
 * @example
 * ```ts
 * const listener = toNodeHandler(routes.callback, { onError: (error) => logger.error(error) })
 * ```
 */
export interface NodeHandlerOptions {
  /**
   * Called with what the handler threw (a bug in your `state` or `onCompleted`: SDK errors are answered, not
   * thrown). The client then gets 500 `internal_error`. Default: `console.error`.
   */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * Serves a web-standard handler (a route of `createTruecallerRoutes`, or your own `(Request) => Response`
 * dispatcher) on Node's `http.createServer`: the request body streams to the handler unread, so the SDK reads
 * Truecaller's callback itself, with its size limit, whatever the content type.
 *
 * The conversion is `@remix-run/node-fetch-server`'s: aborted requests, back-pressure and `Set-Cookie` lists
 * are handled there.
 *
 * @returns a request listener for `http.createServer(listener)` / `server.on('request', listener)`.
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { toNodeHandler } from 'truecaller-web-login/node'
 *
 * const server = createServer(toNodeHandler(async (request) => {
 *   const { pathname } = new URL(request.url)
 *   if (pathname === '/signin/truecaller') return routes.start(request)
 *   if (pathname.startsWith('/truecaller/callback/')) return routes.callback(request)
 *   if (pathname === '/signin/truecaller/status') return routes.status(request)
 *   if (pathname === '/signin/truecaller/cancel') return routes.cancel(request)
 *   return new Response('Not found', { status: 404 })
 * }))
 * server.listen(3000)
 * ```
 */
export function toNodeHandler(
  handler: RouteHandler | ((request: Request) => Response | Promise<Response>),
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof handler !== 'function')
    throw new TypeError('toNodeHandler: pass a (request: Request) => Response handler.');
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  return createRequestListener((request: Request) => handler(request), {
    onError: (error) => {
      try {
        onError(error);
      } catch {
        // A failing logger must not keep the client from its answer.
      }
      return answerFor('internal_error');
    },
  });
}
