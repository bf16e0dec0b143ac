import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendResponse } from '@remix-run/node-fetch-server';
import type { RouteHandler } from '../routes/createTruecallerRoutes.js';
import { toWebRequest } from './toWebRequest.js';

/**
 * The Express request as this adapter reads it: Node's `IncomingMessage` with Express's `originalUrl`.
 *
 * @example
 * ```ts
 * const handler = toExpressHandler(routes.status)
 * app.get('/signin/truecaller/status', handler) // Express passes its req, res and next
 * ```
 */
export type ExpressRequestLike = IncomingMessage & { originalUrl?: string };

/**
 * An Express (4 or 5) route handler for a web-standard handler. The request body streams to the handler
 * unread, so the route must come before any body parser (`express.json()`, `express.text()`…): mount the
 * Truecaller routes first, or keep parsers off their paths. If a parser did read the body, the adapter calls
 * `next()` with a `TypeError` saying so. Other errors the handler throws (bugs in your `state` or `onCompleted`)
 * go to `next(error)` as well, for your error middleware.
 *
 * Depends on no Express types: any `(req, res, next)` framework on Node's `http` objects can use it.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { toExpressHandler } from 'truecaller-web-login/node'
 *
 * const app = express()
 * // Before app.use(express.json()): the callback must reach the SDK unparsed.
 * app.post('/truecaller/callback/:secret', toExpressHandler(routes.callback))
 * app.post('/signin/truecaller', toExpressHandler(routes.start))
 * app.get('/signin/truecaller/status', toExpressHandler(routes.status))
 * app.post('/signin/truecaller/cancel', toExpressHandler(routes.cancel))
 * app.use(express.json())
 * ```
 */
export function toExpressHandler(
  handler: RouteHandler | ((request: Request) => Response | Promise<Response>),
): (req: ExpressRequestLike, res: ServerResponse, next: (error?: unknown) => void) => void {
  if (typeof handler !== 'function') {
    throw new TypeError('toExpressHandler: pass a (request: Request) => Response handler.');
  }
  return (req, res, next) => {
    void (async () => {
      let response: Response;
      try {
        response = await handler(toWebRequest(req, res, req.originalUrl));
      } catch (error) {
        next(error);
        return;
      }
      try {
        await sendResponse(res, response);
      } catch (error) {
        if (!res.destroyed) res.destroy(error instanceof Error ? error : undefined);
      }
    })();
  };
}
