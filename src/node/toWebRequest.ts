import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequest } from '@remix-run/node-fetch-server';

/**
 * A web `Request` over a Node request whose body has not been read: the body streams from the socket as the
 * handler reads it (with back-pressure), so the SDK's own size limits apply and nothing is buffered ahead.
 * `url` replaces the request's path (Express rewrites `req.url` under a mounted router; `originalUrl` is whole).
 *
 * @throws {TypeError} when something already read the body (a JSON parser in front of the route).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, path?: string): Request {
  if (bodyAlreadyRead(req)) {
    throw new TypeError(
      'truecaller-web-login/node: the request body was already read by a body parser (express.json(), ' +
        'a Fastify content-type parser…) before the Truecaller route. Mount the Truecaller routes before any ' +
        'body parser, or keep body parsers off their paths: the callback must reach the SDK unparsed.',
    );
  }
  const request = createRequest(req, res);
  if (path === undefined || path === req.url) return request;
  return new Request(new URL(path, request.url), request);
}

function bodyAlreadyRead(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  // body-parser (Express) marks what it read with `_body`; any reader leaves the stream ended.
  return (req as { _body?: unknown })._body === true || req.readableEnded;
}
