// `truecaller-web-login/node`: the routes on Node's HTTP servers. The one entry that imports Node APIs; the
// IncomingMessage-to-Request conversion is @remix-run/node-fetch-server's (a dependency of this entry only:
// nothing else imports it, so bundles of the root entry never carry it).

export type {
  FastifyLike,
  FastifyTruecallerPaths,
  FastifyTruecallerRoutesOptions,
} from './fastifyTruecallerRoutes.js';
export { fastifyTruecallerRoutes } from './fastifyTruecallerRoutes.js';
export type { ExpressRequestLike } from './toExpressHandler.js';
export { toExpressHandler } from './toExpressHandler.js';
export type { NodeHandlerOptions } from './toNodeHandler.js';
export { toNodeHandler } from './toNodeHandler.js';
