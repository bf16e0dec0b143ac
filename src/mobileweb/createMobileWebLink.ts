import { randomToken } from '../internal/random.js';
import { buildMobileWebLink } from './buildMobileWebLink.js';
import { checkMobileWebLinkOptions, type MobileWebLinkOptions } from './linkOptions.js';

/** What `client.createMobileWebLink` resolves with; send both to the page (the route answers exactly these). */
export interface MobileWebLink {
  /**
   * The `truecallersdk://truesdk/web_verify?…` link for the page to open. It carries your appKey as `partnerKey`
   * (Truecaller's design: the user's device presents it to the Truecaller app), so it is for that one browser:
   * never log it, put it in analytics, or share it.
   */
  url: string;
  /** The link's `requestNonce`: the sign-in's requestId for the status and cancel routes. */
  requestId: string;
}

/** What the client lends this step: its appKey, its pending-request lifetime and its `registerRequest`. */
export interface MobileWebLinkContext {
  appKey: string;
  pendingTtl: number;
  register: (params: { requestId: string; state?: string; phoneNumber?: string | number }) => Promise<void>;
}

/** 24 random bytes: a 32-character base64url nonce (Truecaller accepts 8 to 64). */
const NONCE_BYTES = 24;

/**
 * Checks the options, draws a nonce from the platform CSPRNG, registers it as a pending sign-in (so the same
 * callback and status steps finish it), and only then builds the link: a link is never handed out for a sign-in
 * that is not recorded.
 */
export async function createMobileWebLink(
  options: MobileWebLinkOptions,
  context: MobileWebLinkContext,
): Promise<MobileWebLink> {
  const checked = checkMobileWebLinkOptions(options, context.pendingTtl);
  const requestId = randomToken(NONCE_BYTES);
  const { state, phoneNumber } = checked;
  await context.register({
    requestId,
    ...(state === undefined ? {} : { state }),
    ...(phoneNumber === undefined ? {} : { phoneNumber }),
  });
  return { url: buildMobileWebLink(context.appKey, requestId, checked), requestId };
}
