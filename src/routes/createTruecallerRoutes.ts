import type { TruecallerClient } from '../client/TruecallerClient.js';
import { assertOptionalFunction, assertOptions, optionKeys } from '../internal/assert.js';
import { checkMobileWebLinkSettings } from '../mobileweb/linkOptions.js';
import { checkCallbackSecret } from './callbackSecret.js';
import type { CompletedSignIn, RouteContext } from './context.js';
import { callbackHandler } from './handlers/callback.js';
import { cancelHandler } from './handlers/cancel.js';
import {
  type MobileWebLinkSettings,
  mobileWebLinkHandler,
  mobileWebLinkNotConfigured,
} from './handlers/mobileWebLink.js';
import { startHandler } from './handlers/start.js';
import { statusHandler } from './handlers/status.js';
import { stateOf } from './stateOf.js';

/**
 * A web-standard route handler: runs unchanged on Workers, Deno, Bun, Hono and Next.js route handlers; on
 * node:http, Express and Fastify through `truecaller-web-login/node`.
 *
 * @example
 * ```ts
 * const handler: RouteHandler = routes.status
 * const response = await handler(new Request('https://app.example/status?requestId=r1'))
 * ```
 */
export type RouteHandler = (request: Request) => Promise<Response>;

/**
 * Options of {@link createTruecallerRoutes}.
 *
 * @example
 * ```ts
 * const options: TruecallerRoutesOptions = {
 *   state: (request) => readSessionId(request), // your session cookie's id
 *   callbackSecret: process.env.TRUECALLER_CALLBACK_SECRET,
 *   onCompleted: async (result) => Response.json({ status: 'completed', name: result.profile.name?.first }),
 * }
 * ```
 */
export interface TruecallerRoutesOptions {
  /**
   * The browser session's id, from your session cookie (its value will do): it binds the sign-in to the browser
   * that started it, so only that browser can poll or cancel it. It never leaves your server: the sign-in's
   * `state` (sent to Truecaller, kept in the tracker) is its SHA-256. Return `undefined` when the request has no
   * session: the route answers 401 `session_required`. Called by `start`, `status` and `cancel`, never by
   * `callback`.
   */
  state: (request: Request) => string | undefined | Promise<string | undefined>;
  /**
   * Required as the callback URL's last path segment (`https://app.example/truecaller/callback/<secret>`), compared
   * in constant time; any other URL is answered 404 `not_found`. 16 to 256 URL-safe characters. Without it, the
   * callback route accepts any path (the SDK still refuses callbacks it cannot bind to a pending sign-in).
   */
  callbackSecret?: string | undefined;
  /**
   * Creates your app's session for the verified user and answers the status poll that completed the sign-in
   * (called once per sign-in). Default: 200 `{ status: 'completed' }`. If it throws, the status handler
   * rejects with its error (the sign-in is over either way).
   */
  onCompleted?: ((result: CompletedSignIn, request: Request) => Response | Promise<Response>) | undefined;
  /**
   * The mobile-web link's look and wording (`partnerName` required; see `client.createMobileWebLink`), checked
   * now. Without it, the `mobileWebLink` route answers 404 `not_found`.
   */
  mobileWebLink?: MobileWebLinkSettings | undefined;
}

/**
 * The routes of a sign-in, each a {@link RouteHandler}. Mount them at paths of your choice; the callback's full
 * URL (ending in `callbackSecret`) goes into Truecaller's developer console.
 *
 * @example
 * ```ts
 * app.post('/signin/truecaller', (c) => routes.start(c.req.raw))
 * app.post('/truecaller/callback/:secret', (c) => routes.callback(c.req.raw))
 * app.get('/signin/truecaller/status', (c) => routes.status(c.req.raw))
 * app.post('/signin/truecaller/cancel', (c) => routes.cancel(c.req.raw))
 * ```
 */
export interface TruecallerRoutes {
  /** `POST`, JSON `{ phoneNumber }` -> 200 `{ requestId }`. Truecaller prompts the user's phone. */
  readonly start: RouteHandler;
  /** Truecaller's `POST` (any body: the SDK parses it) -> 204, also for a redelivery. */
  readonly callback: RouteHandler;
  /** `GET ?requestId=` -> 200 `{ status }`, or `onCompleted`'s answer once the sign-in completed. */
  readonly status: RouteHandler;
  /** `POST`, JSON `{ requestId }` -> 200 `{ status: 'cancelled' }`: the browser gave up; the number is free again. */
  readonly cancel: RouteHandler;
  /**
   * `POST` (no body, or JSON `{ phoneNumber }`) -> 200 `{ url, requestId }`: a fresh mobile-web link for this
   * browser session (404 `not_found` unless the `mobileWebLink` option is set). The page opens `url` with
   * `openTruecallerApp` and polls `status` with `requestId`.
   */
  readonly mobileWebLink: RouteHandler;
}

/**
 * The sign-in's routes as web-standard handlers, `(request: Request) => Promise<Response>`, answering as
 * documented in `docs/error-handling.md`: JSON `{ error, message, retryAfterMs? }` with 400 for invalid input,
 * 401 without a session, 403 for another session's sign-in, 404 for an unknown sign-in, 429 + `Retry-After` for
 * a pending number, 503 + `Retry-After` when the store is down, 500 `internal_error` (no detail) for
 * configuration errors; refused callbacks always get a 4xx. Errors that are not the SDK's (a bug in `state` or
 * `onCompleted`) are rethrown for your framework to log.
 *
 * @param client the app's {@link TruecallerClient}.
 * @throws {TypeError} when `state` is not a function, `callbackSecret` is weak or unusable in a URL,
 * `onCompleted` is not a function, or a `mobileWebLink` setting is invalid (the message names it).
 * @example
 * ```ts
 * const routes = createTruecallerRoutes(client, {
 *   state: (request) => getCookie(request, 'sid'),
 *   callbackSecret: process.env.TRUECALLER_CALLBACK_SECRET,
 *   onCompleted: async (result, request) => {
 *     const cookie = await signIn(result.phoneNumber, request) // your session
 *     return Response.json({ status: 'completed' }, { headers: { 'set-cookie': cookie } })
 *   },
 * })
 * export const POST = routes.start // e.g. a Next.js route handler
 * ```
 */
export function createTruecallerRoutes(client: TruecallerClient, options: TruecallerRoutesOptions): TruecallerRoutes {
  if (typeof client !== 'object' || client === null) {
    throw new TypeError('createTruecallerRoutes: pass the TruecallerClient as the first argument.');
  }
  assertOptions<TruecallerRoutesOptions>('createTruecallerRoutes', options, ROUTES_OPTION_KEYS, {
    example: 'createTruecallerRoutes(client, { state })',
  });
  if (typeof options.state !== 'function') {
    throw new TypeError(
      'createTruecallerRoutes: the `state` option is required: a function returning the browser session’s id.',
    );
  }
  assertOptionalFunction(
    'createTruecallerRoutes',
    'onCompleted',
    options.onCompleted,
    'a function returning a Response',
  );
  const readState = options.state;
  const context: RouteContext = {
    client,
    state: async (request) => {
      const sessionId = await readState(request);
      return sessionId === undefined || sessionId === '' ? undefined : stateOf(sessionId);
    },
    callbackSecret: checkCallbackSecret(options.callbackSecret),
    onCompleted: options.onCompleted,
  };
  const linkSettings = options.mobileWebLink;
  if (linkSettings !== undefined) checkMobileWebLinkSettings(linkSettings, 'createTruecallerRoutes: mobileWebLink');
  return {
    start: startHandler(context),
    callback: callbackHandler(context),
    status: statusHandler(context),
    cancel: cancelHandler(context),
    mobileWebLink:
      linkSettings === undefined
        ? mobileWebLinkNotConfigured
        : mobileWebLinkHandler(context, (perRequest) => client.createMobileWebLink({ ...linkSettings, ...perRequest })),
  };
}

const ROUTES_OPTION_KEYS = optionKeys<TruecallerRoutesOptions>()([
  'state',
  'callbackSecret',
  'onCompleted',
  'mobileWebLink',
]);
