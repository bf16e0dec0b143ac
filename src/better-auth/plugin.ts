import type { BetterAuthPlugin } from 'better-auth';
import { callbackEndpoint } from './endpoints/callback.js';
import { cancelEndpoint } from './endpoints/cancel.js';
import { mobileWebLinkEndpoint } from './endpoints/mobileWebLink.js';
import { startEndpoint } from './endpoints/start.js';
import { statusEndpoint } from './endpoints/status.js';
import { TRUECALLER_ERROR_CODES } from './errorCodes.js';
import { resolvePluginOptions, type TruecallerPluginOptions } from './options.js';
import { truecallerSchema } from './schema.js';

/**
 * Sign in with Truecaller, as a Better Auth plugin: a verified phone number becomes a user and a session.
 *
 * Endpoints, under Better Auth's base path (`/api/auth` by default):
 * | route | what it does |
 * | --- | --- |
 * | `POST /truecaller/start` `{ phoneNumber }` | sets the browser's signed state cookie, prompts the phone: `{ requestId }` |
 * | `POST /truecaller/callback/<callbackSecret>` | Truecaller's callback (no session, raw body): 204 |
 * | `GET /truecaller/status?requestId=` | `pending` / `rejected` / `expired`, or `completed` with the session cookie set |
 * | `POST /truecaller/cancel` `{ requestId }` | the browser gave up (OTP fallback): frees the number |
 * | `POST /truecaller/mobile-web-link` | with `mobileWeb`: `{ url, requestId }` for the `truecallersdk://` link |
 *
 * Users are found by `phoneNumber` (the `phoneNumber` plugin's field, shared), created when `signUp` allows, and
 * get `phoneNumberVerified: true`. Errors are `APIError`s with the codes of {@link TRUECALLER_ERROR_CODES}.
 * Rate limits (when Better Auth's are on): 10 starts a minute per client, and Truecaller's callbacks, which all
 * come from a few addresses, are not held to the per-address default.
 *
 * @throws {TypeError} at once, on invalid options (no tracker, a short `callbackSecret`, …); the message says
 *   what to configure.
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth'
 * import { truecaller } from 'truecaller-web-login/better-auth'
 * import { RedisTracker } from 'truecaller-web-login/redis'
 *
 * export const auth = betterAuth({
 *   database: pool,
 *   plugins: [
 *     truecaller({
 *       client: { appKey: process.env.TRUECALLER_APP_KEY! },
 *       callbackSecret: process.env.TRUECALLER_CALLBACK_SECRET!,
 *       tracker: new RedisTracker(redis),
 *     }),
 *   ],
 * })
 * ```
 */
export function truecaller(options: TruecallerPluginOptions) {
  const resolved = resolvePluginOptions(options);
  return {
    id: 'truecaller',
    endpoints: {
      truecallerStart: startEndpoint(resolved),
      truecallerCallback: callbackEndpoint(resolved),
      truecallerStatus: statusEndpoint(resolved),
      truecallerCancel: cancelEndpoint(resolved),
      truecallerMobileWebLink: mobileWebLinkEndpoint(resolved),
    },
    schema: truecallerSchema,
    rateLimit: [
      {
        /** The start route: each start prompts a phone, so 10 a minute per client. */
        pathMatcher: (path: string) => path === '/truecaller/start',
        window: 60,
        max: 10,
      },
      {
        /** Truecaller's callbacks, which all come from a few addresses: not held to the per-address default. */
        pathMatcher: (path: string) => path.startsWith('/truecaller/callback/'),
        window: 10,
        max: 100_000,
      },
    ],
    $ERROR_CODES: TRUECALLER_ERROR_CODES,
  } satisfies BetterAuthPlugin;
}
