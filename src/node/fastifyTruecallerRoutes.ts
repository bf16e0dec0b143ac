import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TruecallerRoutes } from '../routes/createTruecallerRoutes.js';
import { toWebRequest } from './toWebRequest.js';

/**
 * The parts of a Fastify instance the plugin uses (Fastify 4 and 5 have them). Typed by shape, so this entry
 * needs no Fastify types; a real `FastifyInstance` fits.
 *
 * @example
 * ```ts
 * const scope: FastifyLike = fastify // inside app.register(async (fastify) => …)
 * ```
 */
export interface FastifyLike {
  /** Drops the scope's body parsers (Fastify's JSON and text parsers). */
  removeAllContentTypeParsers(): void;
  /** Adds a parser; the plugin's reads nothing and leaves the body stream to the route. */
  addContentTypeParser(
    contentType: string,
    parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  /** Declares a route in the scope. */
  route(options: {
    method: 'GET' | 'POST';
    url: string;
    handler: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; send(payload: Response): unknown },
    ) => Promise<unknown>;
  }): unknown;
}

/**
 * Where each route is mounted, relative to the plugin's `prefix`.
 *
 * @example
 * ```ts
 * const paths: FastifyTruecallerPaths = { callback: '/hooks/truecaller/:secret' }
 * ```
 */
export type FastifyTruecallerPaths = { [Route in keyof TruecallerRoutes]?: string };

/**
 * Options of {@link fastifyTruecallerRoutes}.
 *
 * @example
 * ```ts
 * await app.register(fastifyTruecallerRoutes, { routes, prefix: '/truecaller' })
 * ```
 */
export interface FastifyTruecallerRoutesOptions {
  /** What `createTruecallerRoutes` returned. */
  routes: TruecallerRoutes;
  /**
   * Paths of the routes. Default: `POST /start`, `POST /callback/:secret`, `GET /status` (and `HEAD`),
   * `POST /cancel`, `POST /mobile-web-link`, under Fastify's `prefix`.
   */
  paths?: FastifyTruecallerPaths | undefined;
}

// One row per route: adding a route to TruecallerRoutes fails to compile until it has its method and path here.
const ROUTE_TABLE: { readonly [Route in keyof TruecallerRoutes]-?: { method: 'GET' | 'POST'; path: string } } = {
  start: { method: 'POST', path: '/start' },
  callback: { method: 'POST', path: '/callback/:secret' },
  status: { method: 'GET', path: '/status' },
  cancel: { method: 'POST', path: '/cancel' },
  mobileWebLink: { method: 'POST', path: '/mobile-web-link' },
};

/**
 * A Fastify plugin that mounts the sign-in's routes in their own encapsulated scope, where Fastify's body
 * parsers are replaced by one that reads nothing: the body streams to the SDK unread, so malformed and
 * `text/plain` callbacks get the SDK's answer (never Fastify's 400 or 415), and the SDK's size limits apply.
 * The rest of your app keeps its parsers. Answers go through `reply.send(response)`, so your hooks still run.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { fastifyTruecallerRoutes } from 'truecaller-web-login/node'
 *
 * const app = Fastify()
 * await app.register(fastifyTruecallerRoutes, { routes, prefix: '/truecaller' })
 * // POST /truecaller/start, POST /truecaller/callback/<secret>, GET /truecaller/status, POST /truecaller/cancel
 * ```
 */
export async function fastifyTruecallerRoutes(
  fastify: FastifyLike,
  options: FastifyTruecallerRoutesOptions,
): Promise<void> {
  const routes = options?.routes;
  if (typeof routes !== 'object' || routes === null) {
    throw new TypeError('fastifyTruecallerRoutes: pass { routes: createTruecallerRoutes(client, …) }.');
  }
  fastify.removeAllContentTypeParsers();
  // Matches every content type, and bodies without one: leaves the stream for the handler to read.
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  for (const name of Object.keys(ROUTE_TABLE) as (keyof TruecallerRoutes)[]) {
    const handler = routes[name];
    if (typeof handler !== 'function') continue;
    const { method, path } = ROUTE_TABLE[name];
    fastify.route({
      method,
      url: options.paths?.[name] ?? path,
      handler: async (request, reply) => reply.send(await handler(toWebRequest(request.raw, reply.raw))),
    });
  }
}
