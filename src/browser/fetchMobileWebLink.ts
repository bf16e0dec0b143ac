import type { MobileWebLinkAnswer } from '../routes/wire.js';
import { postJson, type RouteCallOptions, stringField } from './send.js';

/** Options of {@link fetchMobileWebLink}. */
export interface FetchMobileWebLinkOptions extends RouteCallOptions {
  /** The number, if the page asked for it: the server then requires it in the profile. */
  phoneNumber?: string | undefined;
}

/**
 * Gets a fresh mobile-web link from your link route (`POST`, JSON `{ phoneNumber }` only when given). Open its
 * `url` with {@link openTruecallerApp}, then poll with its `requestId`.
 *
 * @throws {TruecallerRouteError} with the route's `code`, `network_error`, or `unexpected_response` when the
 *   answer holds no `truecallersdk:` link.
 * @example
 * ```ts
 * const { url, requestId } = await fetchMobileWebLink('/truecaller/mobile-web-link')
 * if ((await openTruecallerApp(url)) === 'opened') {
 *   const result = await pollSignIn('/truecaller/status', { requestId })
 * } else showOtpForm()
 * ```
 */
export async function fetchMobileWebLink(
  linkUrl: string,
  options: FetchMobileWebLinkOptions = {},
): Promise<MobileWebLinkAnswer> {
  const { phoneNumber } = options;
  const body = await postJson(linkUrl, phoneNumber === undefined ? undefined : { phoneNumber }, options);
  const url = stringField(body.url);
  return { url: url.startsWith('truecallersdk:') ? url : stringField(''), requestId: stringField(body.requestId) };
}
