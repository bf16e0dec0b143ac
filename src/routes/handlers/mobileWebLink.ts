import type { MobileWebLinkOptions } from '../../mobileweb/linkOptions.js';
import type { MobileWebLink } from '../../mobileweb/MobileWebLink.js';
import { answerError } from '../answerError.js';
import type { RouteContext } from '../context.js';
import { answerFor, jsonAnswer } from '../errorAnswers.js';
import { readJsonObject } from '../readJsonObject.js';
import { sessionOf } from '../sessionOf.js';
import type { MobileWebLinkAnswer } from '../wire.js';

/**
 * The mobile-web link's look and wording for `createTruecallerRoutes(client, { mobileWebLink })`: every option of
 * `client.createMobileWebLink` except the per-request `state` (the browser session's) and `phoneNumber` (the page
 * may send one). Checked when the routes are created.
 *
 * @example
 * ```ts
 * const mobileWebLink: MobileWebLinkSettings = { partnerName: 'Acme', lang: 'en', skipOption: 'useanothermethod' }
 * const routes = createTruecallerRoutes(client, { state: (request) => getCookie(request, 'sid'), mobileWebLink })
 * ```
 */
export type MobileWebLinkSettings = Omit<MobileWebLinkOptions, 'state' | 'phoneNumber'>;

/** Creates one link for the handler: the client's `createMobileWebLink` with the route's settings applied. */
export type CreateLink = (perRequest: { state: string; phoneNumber?: string | number }) => Promise<MobileWebLink>;

/**
 * `POST` (no body, or JSON `{ phoneNumber }`) -> 200 `{ url, requestId }`: a fresh mobile-web link registered as
 * a pending sign-in for this browser session. Answers like the other routes: 405 `method_not_allowed`, 401
 * `session_required`, 415 for a body that is not JSON, 400 `bad_request` or `invalid_phone_number`, 503
 * `tracker_error`; all with `Cache-Control: no-store` (the link carries the appKey, Truecaller's design).
 */
export function mobileWebLinkHandler(
  context: Pick<RouteContext, 'state'>,
  createLink: CreateLink,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const state = await sessionOf(context, request, 'POST');
    if (state instanceof Response) return state;
    // A page may POST with no body at all (fetch then sends no content type) or an empty one (`text/plain`).
    const body = await readJsonObject(request, { emptyIsObject: true });
    if (!body.ok) return body.answer;
    const { phoneNumber } = body.object;
    if (phoneNumber !== undefined && typeof phoneNumber !== 'string' && typeof phoneNumber !== 'number') {
      return answerFor('bad_request', { message: 'The body may hold a `phoneNumber` string, nothing else.' });
    }
    try {
      const link = await createLink(phoneNumber === undefined ? { state } : { state, phoneNumber });
      return jsonAnswer({ url: link.url, requestId: link.requestId } satisfies MobileWebLinkAnswer);
    } catch (error) {
      return answerError(error);
    }
  };
}

/** The answer when the routes were created without `mobileWebLink` settings: as if the route did not exist. */
export async function mobileWebLinkNotConfigured(): Promise<Response> {
  return answerFor('not_found');
}
