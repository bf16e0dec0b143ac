// The reference app: the sign-in's routes from `createTruecallerRoutes`, with the app's session (./session.ts).
// Every framework example under examples/ mounts exactly these handlers; only the mounting differs.
import { createTruecallerRoutes, type TruecallerClient, type TruecallerRoutes } from 'truecaller-web-login';
import { onCompleted, readSessionId } from './session.js';

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

/** The app's sign-in routes. */
export function createAppRoutes({ client, callbackSecret }: AppOptions): TruecallerRoutes {
  return createTruecallerRoutes(client, { state: readSessionId, callbackSecret, onCompleted });
}

// The three functions below keep examples/demo.ts running unchanged (it passes the session id itself); the
// simulator branch moves the demo onto createAppRoutes.

/** POST /signin/truecaller {phoneNumber} in the session `sessionId`. */
export function startRoute(client: TruecallerClient, request: Request, sessionId: string): Promise<Response> {
  // The demo posts its JSON without a content type; the start route requires application/json.
  const json = new Request(request, { headers: { 'content-type': 'application/json' } });
  return createTruecallerRoutes(client, { state: () => sessionId }).start(json);
}

/** POST /truecaller/callback/<secret>: Truecaller delivers the outcome. */
export function callbackRoute(client: TruecallerClient, request: Request): Promise<Response> {
  return createTruecallerRoutes(client, { state: () => undefined }).callback(request);
}

/** GET /signin/truecaller/status?requestId=… in the session `sessionId`. */
export function statusRoute(client: TruecallerClient, request: Request, sessionId: string): Promise<Response> {
  return createTruecallerRoutes(client, { state: () => sessionId, onCompleted }).status(request);
}
