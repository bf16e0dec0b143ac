/**
 * A tiny app with hand-written routes that follow the routes' HTTP contract (CONTRACTS.md: start, callback,
 * status, cancel, and one error mapping), a cookie session whose id is the sign-in's `state`, and switches that
 * break it in the ways `checkIntegration` must notice. It stands in for `createTruecallerRoutes` until that
 * lands; it uses only the public client API (and the tracker's `get` for the broken cancel).
 */
import { createServer, type Server } from 'node:http';
import {
  ForbiddenError,
  InvalidCallbackError,
  InvalidPhoneNumberError,
  InvalidTokenError,
  isTruecallerError,
  MemoryTracker,
  PhoneNumberMismatchError,
  RequestPendingError,
  StateMismatchError,
  safeParseCallback,
  TrackerError,
  TruecallerClient,
  type TruecallerClientOptions,
  UnknownRequestError,
} from 'truecaller-web-login';

/** Ways to break the app, one at a time. */
export interface Breakage {
  /** Every browser shares one state (the app's `state` function ignores the session). */
  sharedState?: boolean;
  /** Truecaller's 403/1008 is answered 500 instead of a 4xx `forbidden`. */
  forbiddenAs500?: boolean;
  /** Refused callbacks are answered 500 instead of a 4xx. */
  refusedCallbacksAs500?: boolean;
  /** Cancel forgets to free the number. */
  cancelKeepsLock?: boolean;
  /** Cancel answers 404 when nothing is pending any more, so a browser's retry looks like a failure. */
  cancelNotIdempotent?: boolean;
}

/** Choices a correct app may make differently (not breakage). */
export interface Variant {
  /** The app's own answer for a completed sign-in (as `onCompleted` gives it), instead of `{ status: 'completed' }`. */
  onCompleted?: () => Response;
  /** A sign-in whose token turned out invalid is answered 200 `{ status: 'failed' }` instead of a 401. */
  invalidTokenAsFailed?: boolean;
}

export const PATHS = {
  start: '/signin/truecaller',
  callback: '/truecaller/callback/s3cret-segment',
  status: '/signin/truecaller/status',
  cancel: '/signin/truecaller/cancel',
} as const;

const SECRET = 's3cret-segment';

/** The one mapping from errors to HTTP answers (what `errorResponse` will be). */
export function errorResponse(error: unknown): Response {
  const answer = (status: number, code: string, extra: Record<string, unknown> = {}, headers = {}) =>
    Response.json({ error: code, ...extra }, { status, headers });
  if (error instanceof InvalidPhoneNumberError) return answer(400, error.code);
  if (error instanceof RequestPendingError) {
    const retryAfterMs = error.retryAfterMs ?? 1_000;
    return answer(429, error.code, { retryAfterMs }, { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
  }
  if (error instanceof ForbiddenError) return answer(403, error.code);
  if (error instanceof InvalidCallbackError) return answer(400, error.code);
  if (error instanceof UnknownRequestError) return answer(404, error.code);
  if (error instanceof StateMismatchError || error instanceof PhoneNumberMismatchError) return answer(403, error.code);
  if (error instanceof InvalidTokenError) return answer(401, error.code);
  if (error instanceof TrackerError) return answer(503, error.code, {}, { 'retry-after': '1' });
  if (isTruecallerError(error)) return answer(502, 'upstream_error');
  return answer(500, 'internal_error');
}

/** The four routes, as `(request, state) => Response`. */
export function contractRoutes(client: TruecallerClient, tracker: MemoryTracker, breakage: Breakage & Variant = {}) {
  const cancelled = new Set<string>();
  const refused = (error: unknown) =>
    breakage.refusedCallbacksAs500 ? new Response(null, { status: 500 }) : errorResponse(error);

  return {
    async start(request: Request, state: string): Promise<Response> {
      const body = (await request.json().catch(() => undefined)) as { phoneNumber?: unknown } | undefined;
      const phoneNumber = body?.phoneNumber;
      if (typeof phoneNumber !== 'string' && typeof phoneNumber !== 'number') {
        return Response.json({ error: 'bad_request' }, { status: 400 });
      }
      try {
        const { requestId } = await client.requestAuthorization({ phoneNumber, state });
        return Response.json({ requestId });
      } catch (error) {
        if (breakage.forbiddenAs500 && error instanceof ForbiddenError) return new Response(null, { status: 500 });
        return errorResponse(error);
      }
    },

    async callback(request: Request): Promise<Response> {
      if (new URL(request.url).pathname.split('/').at(-1) !== SECRET)
        return refused(new UnknownRequestError('unknown'));
      const text = await request.text();
      const parsed = safeParseCallback(text);
      if (parsed.success && cancelled.has(parsed.output.requestId)) return refused(new UnknownRequestError('unknown'));
      try {
        await client.handleCallback(text);
        return new Response(null, { status: 204 });
      } catch (error) {
        return refused(error);
      }
    },

    async status(request: Request, state: string): Promise<Response> {
      const requestId = new URL(request.url).searchParams.get('requestId');
      if (requestId === null || requestId === '') return Response.json({ error: 'bad_request' }, { status: 400 });
      if (cancelled.has(requestId)) return Response.json({ status: 'expired' });
      try {
        const result = await client.completeSignIn(requestId, { state });
        if (result.status === 'completed') return breakage.onCompleted?.() ?? Response.json({ status: 'completed' });
        return Response.json(result);
      } catch (error) {
        if (breakage.invalidTokenAsFailed && error instanceof InvalidTokenError)
          return Response.json({ status: 'failed' });
        return errorResponse(error);
      }
    },

    async cancel(request: Request, state: string): Promise<Response> {
      const body = (await request.json().catch(() => undefined)) as { requestId?: unknown } | undefined;
      const requestId = body?.requestId;
      if (typeof requestId !== 'string') return Response.json({ error: 'bad_request' }, { status: 400 });
      if (breakage.cancelKeepsLock) {
        // The bug: the app hides the sign-in itself instead of asking the SDK to end it.
        if ((await tracker.get(requestId))?.request.state !== state) {
          return errorResponse(new StateMismatchError('completeSignIn'));
        }
        cancelled.add(requestId);
        return Response.json({ status: 'cancelled' });
      }
      try {
        // Idempotent, as the routes' cancel: nothing pending any more is `cancelled` too.
        const result = await client.cancelSignIn(requestId, { state });
        if (breakage.cancelNotIdempotent && result.status === 'expired') {
          return errorResponse(new UnknownRequestError('unknown'));
        }
        return Response.json({ status: 'cancelled' });
      } catch (error) {
        return errorResponse(error);
      }
    },
  };
}

/**
 * The app as one web handler: a cookie session (`sid`, set on the first answer) whose id is the state.
 */
export function contractApp(client: TruecallerClient, tracker: MemoryTracker, breakage: Breakage & Variant = {}) {
  const routes = contractRoutes(client, tracker, breakage);
  let sessions = 0;
  return async (request: Request): Promise<Response> => {
    const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    const sid = cookie ?? `session-${++sessions}-${crypto.randomUUID()}`;
    const state = breakage.sharedState ? 'one-state-for-everyone' : sid;
    const { pathname } = new URL(request.url);
    let response: Response;
    if (request.method === 'POST' && pathname === PATHS.start) response = await routes.start(request, state);
    else if (request.method === 'POST' && pathname.startsWith('/truecaller/callback/'))
      response = await routes.callback(request);
    else if (request.method === 'GET' && pathname === PATHS.status) response = await routes.status(request, state);
    else if (request.method === 'POST' && pathname === PATHS.cancel) response = await routes.cancel(request, state);
    else response = Response.json({ error: 'not_found' }, { status: 404 });
    if (cookie === undefined) {
      response = new Response(response.body, response);
      response.headers.append('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    }
    return response;
  };
}

/** A client on its own MemoryTracker, reaching Truecaller as `options` say. */
export function appClient(appKey: string, options: Partial<TruecallerClientOptions>) {
  const tracker = new MemoryTracker();
  return { tracker, client: new TruecallerClient({ appKey, tracker, ...options }) };
}

/** Serves a web handler on a loopback node:http server (port 0). */
export async function serve(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = incoming.method === 'GET' ? undefined : Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const response = await handler(
      new Request(`http://127.0.0.1${incoming.url}`, {
        method: incoming.method ?? 'GET',
        headers,
        ...(body ? { body } : {}),
      }),
    );
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) out['set-cookie'] = cookies;
    outgoing.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
