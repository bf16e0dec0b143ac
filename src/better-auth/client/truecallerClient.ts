import type { BetterAuthClientPlugin } from 'better-auth/client';
import { TRUECALLER_ERROR_CODES } from '../errorCodes.js';
import type { truecaller } from '../plugin.js';
import { signInActions } from './signInActions.js';

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
export function truecallerClient() {
  return {
    id: 'truecaller',
    $InferServerPlugin: {} as ReturnType<typeof truecaller>,
    getActions: (_fetch, store, options) => ({ signIn: signInActions(store, options) }),
    $ERROR_CODES: TRUECALLER_ERROR_CODES,
  } satisfies BetterAuthClientPlugin;
}
