// The reference app: the sign-in's routes from `createTruecallerRoutes`, with the app's cookie session
// (./session.ts) as their `state`, a `callbackSecret`, and `onCompleted` creating the app's session. Every
// framework example under examples/ mounts exactly these handlers; only the mounting differs. `createApp` is the
// whole app as one web handler: node:http serves it through `toNodeHandler` (./node-http/server.ts, the demo).
import { createTruecallerRoutes, type TruecallerClient, type TruecallerRoutes } from 'truecaller-web-login';
import { onCompleted, readSessionId, signInPage } from './session.js';

/** What an example app needs. */
export interface AppOptions {
  client: TruecallerClient;
  /** The last path segment of the callback URL registered in Truecaller's developer console. */
  callbackSecret: string;
}

/** Where the examples mount the routes (Fastify's plugin uses its own defaults under a prefix). */
export const PATHS = {
  page: '/',
  start: '/signin/truecaller',
  callback: '/truecaller/callback/', // + the callback secret
  status: '/signin/truecaller/status',
  cancel: '/signin/truecaller/cancel',
} as const;

/** The app's sign-in routes: the session cookie's id is the `state`; `onCompleted` signs the session in. */
export function createAppRoutes({ client, callbackSecret }: AppOptions): TruecallerRoutes {
  return createTruecallerRoutes(client, { state: readSessionId, callbackSecret, onCompleted });
}

/**
 * The whole app as one web handler: the sign-in page (which gives the browser its session cookie) and the four
 * routes at {@link PATHS}. The callback route itself answers 404 for any secret but `callbackSecret`.
 */
export function createApp(options: AppOptions): (request: Request) => Promise<Response> {
  const routes = createAppRoutes(options);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === PATHS.start) return routes.start(request);
    if (pathname.startsWith(PATHS.callback)) return routes.callback(request);
    if (pathname === PATHS.status) return routes.status(request);
    if (pathname === PATHS.cancel) return routes.cancel(request);
    if (pathname === PATHS.page) return signInPage(request);
    return new Response('Not found', { status: 404 });
  };
}
