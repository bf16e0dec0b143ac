import type { TruecallerClient } from '../client/TruecallerClient.js';
import { isTruecallerError } from '../errors/TruecallerError.js';
import type { MobileWebLinkOptions } from '../mobileweb/linkOptions.js';
import type { ErrorAnswer, MobileWebLinkAnswer } from './wire.js';

/** What the page may send: nothing, or `{ phoneNumber }` when it asked the user for their number. */
const MAX_BODY_BYTES = 1024;
/** Seconds a browser waits before asking again after a store failure. */
const STORE_RETRY_AFTER_S = 1;

/** The link's look and wording: every option of `createMobileWebLink` except the per-request ones. */
export type MobileWebLinkSettings = Omit<MobileWebLinkOptions, 'state' | 'phoneNumber'>;

/** Options of {@link createMobileWebLinkRoute}. */
export interface MobileWebLinkRouteOptions {
  /**
   * The browser session's id, read from the request (a cookie, your session middleware): the same function the
   * other routes take. The status polls must present the same state. `undefined` means no state check.
   */
  state: (request: Request) => string | undefined | Promise<string | undefined>;
  /** `partnerName` and the sheet's look; checked on every request, so check them once at start-up with a test. */
  link: MobileWebLinkSettings;
}

/**
 * The mobile-web route: `POST` (body empty, or JSON `{ phoneNumber }`) answers 200 {@link MobileWebLinkAnswer}
 * `{ url, requestId }`, a fresh link registered as a pending sign-in for this browser's `state`. The page opens
 * `url` with `openTruecallerApp` and polls the status route with `requestId`.
 *
 * Errors are JSON {@link ErrorAnswer}: 400 `bad_request` (not POST, a body that is not a small JSON object) or
 * `invalid_phone_number`; 503 `tracker_error` with `Retry-After`; 500 `internal_error` for everything else,
 * including invalid `link` settings, whose detail stays in the server (never sent to the browser).
 *
 * The answer carries your appKey inside `url` (Truecaller's design), so it is sent with `Cache-Control: no-store`;
 * never log it.
 *
 * @example
 * ```ts
 * const mobileWebLink = createMobileWebLinkRoute(client, {
 *   state: (request) => getSessionId(request),
 *   link: { partnerName: 'Acme', lang: 'en', skipOption: 'useanothermethod' },
 * })
 * app.post('/truecaller/mobile-web-link', (c) => mobileWebLink(c.req.raw)) // Hono
 * ```
 */
export function createMobileWebLinkRoute(
  client: TruecallerClient,
  options: MobileWebLinkRouteOptions,
): (request: Request) => Promise<Response> {
  const { state, link } = options;
  if (typeof state !== 'function') {
    throw new TypeError('createMobileWebLinkRoute: `state` must be a function of the request.');
  }
  return async (request) => {
    if (request.method !== 'POST') {
      return answerError(405, { error: 'bad_request', message: 'Use POST.' }, { allow: 'POST' });
    }
    const body = await readBody(request);
    if (body === undefined) {
      return answerError(400, { error: 'bad_request', message: 'Send no body, or JSON { phoneNumber }.' });
    }
    try {
      const sessionState = await state(request);
      const answer: MobileWebLinkAnswer = await client.createMobileWebLink({
        ...link,
        ...(sessionState === undefined ? {} : { state: sessionState }),
        ...(body.phoneNumber === undefined ? {} : { phoneNumber: body.phoneNumber }),
      });
      return Response.json(answer, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      return errorAnswer(error);
    }
  };
}

// The answers this route can give. When the routes' shared `errorResponse` lands, this becomes a call to it.
function errorAnswer(error: unknown): Response {
  if (isTruecallerError(error) && error.code === 'invalid_phone_number') {
    return answerError(400, { error: error.code, message: error.message });
  }
  if (isTruecallerError(error) && error.code === 'tracker_error') {
    return answerError(
      503,
      { error: error.code, message: 'Try again shortly.', retryAfterMs: STORE_RETRY_AFTER_S * 1000 },
      { 'retry-after': String(STORE_RETRY_AFTER_S) },
    );
  }
  // Configuration mistakes (invalid `link` settings, a tracker-less client) and anything unexpected: no detail.
  return answerError(500, { error: 'internal_error' });
}

function answerError(status: number, body: ErrorAnswer, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** The optional body: `{}` when empty, `{ phoneNumber }` when sent, `undefined` when unreadable or too large. */
async function readBody(request: Request): Promise<{ phoneNumber?: string | number } | undefined> {
  const text = await readText(request);
  if (text === undefined) return undefined;
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { phoneNumber } = parsed as Record<string, unknown>;
  if (phoneNumber === undefined) return {};
  return typeof phoneNumber === 'string' || typeof phoneNumber === 'number' ? { phoneNumber } : undefined;
}

/** Reads at most {@link MAX_BODY_BYTES}; a larger body is cancelled, not buffered. */
async function readText(request: Request): Promise<string | undefined> {
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
