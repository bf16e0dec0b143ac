import type { BetterAuthClientOptions, BetterAuthClientPlugin, ClientStore } from 'better-auth/client';
import { TRUECALLER_ERROR_CODES } from '../errorCodes.js';
import type { truecaller } from '../plugin.js';
import type { TruecallerSignInResponse } from './results.js';
import { signInActions, type TruecallerMobileWebSignInParams, type TruecallerSignInParams } from './signInActions.js';

/**
 * The actions {@link truecallerClient} adds under `authClient.signIn`.
 *
 * @example
 * ```ts
 * const { data, error } = await authClient.signIn.truecaller({ phoneNumber: '+46761234567' })
 * ```
 */
export interface TruecallerSignInActions {
  /** Starts a sign-in for the number, then polls until it ends. */
  truecaller(params: TruecallerSignInParams): Promise<TruecallerSignInResponse>;
  /** Opens the Truecaller app with a mobile-web link (from a click), then polls until the sign-in ends. */
  truecallerMobileWeb(params?: TruecallerMobileWebSignInParams): Promise<TruecallerSignInResponse>;
}

/**
 * What {@link truecallerClient} returns: a Better Auth client plugin (spelled out, so the declaration names only
 * `better-auth` types).
 *
 * @example
 * ```ts
 * const plugins: TruecallerClientPlugin[] = [truecallerClient()]
 * ```
 */
export interface TruecallerClientPlugin {
  /** The plugin's id, the server plugin's. */
  id: 'truecaller';
  /** The server plugin's type, from which Better Auth's client types the routes (`authClient.truecaller.*`). */
  $InferServerPlugin: ReturnType<typeof truecaller>;
  /** Adds the sign-in actions under `authClient.signIn` (Better Auth calls it once, when the client is made). */
  getActions: (
    fetch: Parameters<NonNullable<BetterAuthClientPlugin['getActions']>>[0],
    store: ClientStore,
    options: BetterAuthClientOptions | undefined,
  ) => { signIn: TruecallerSignInActions };
  /** The plugin's error codes, {@link TRUECALLER_ERROR_CODES}. */
  $ERROR_CODES: typeof TRUECALLER_ERROR_CODES;
}

/**
 * The browser half of the Truecaller plugin, for `createAuthClient({ plugins: [truecallerClient()] })`. Adds:
 * - `authClient.signIn.truecaller({ phoneNumber, signal?, interval?, timeout?, onPending? })`: starts a sign-in
 *   (the user's phone is prompted), then polls with the `/browser` entry's `pollSignIn` (every 3 s, 30 s by
 *   default) until it ends. Resolves `{ data: { status: 'completed', user } }` once Better Auth's session cookie is
 *   set (and the session atom refreshes), or `rejected` / `expired` / `timeout` so the page can offer
 *   `authClient.phoneNumber.sendOtp`; a sign-in left pending is cancelled, so the OTP fallback is not locked out.
 *   Route errors are `{ error: { code, message, status, retryAfterMs? } }`.
 * - `authClient.signIn.truecallerMobileWeb({ phoneNumber?, appTimeout?, ... })`: gets a `truecallersdk://` link
 *   from the server, opens it (`openTruecallerApp`: call it from a click), and polls the same way; resolves
 *   `not-installed` when the app did not open.
 * - the server plugin's routes, typed: `authClient.truecaller.start`, `.status`, `.cancel`, `.mobileWebLink`.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'better-auth/client'
 * import { phoneNumberClient } from 'better-auth/client/plugins'
 * import { truecallerClient } from 'truecaller-web-login/better-auth/client'
 *
 * const authClient = createAuthClient({ plugins: [truecallerClient(), phoneNumberClient()] })
 * const { data, error } = await authClient.signIn.truecaller({ phoneNumber: '+46761234567' })
 * if (data?.status !== 'completed') await authClient.phoneNumber.sendOtp({ phoneNumber: '+46761234567' })
 * ```
 */
export function truecallerClient(): TruecallerClientPlugin {
  return {
    id: 'truecaller',
    $InferServerPlugin: {} as ReturnType<typeof truecaller>,
    getActions: (_fetch, store, options) => ({ signIn: signInActions(store, options) }),
    $ERROR_CODES: TRUECALLER_ERROR_CODES,
  } satisfies BetterAuthClientPlugin;
}
