import { createAuthEndpoint } from 'better-auth/api';
import * as v from 'valibot';
import type { ResolvedPluginOptions } from '../options.js';
import { startSignInState } from '../stateCookie.js';
import { toAPIError } from '../toAPIError.js';

const StartBody = v.object({ phoneNumber: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });

/**
 * `POST /truecaller/start` `{ phoneNumber }` -> `{ requestId }`: sets this browser's signed state cookie and asks
 * Truecaller to prompt the phone. 400 `INVALID_PHONE_NUMBER`, 429 `REQUEST_PENDING` (with `Retry-After`),
 * 403 `FORBIDDEN` (Truecaller cannot verify this number: offer another method), 5xx when Truecaller or the store
 * fails.
 *
 * @example
 * ```ts
 * const { requestId } = await auth.api.truecallerStart({ body: { phoneNumber: '+46761234567' }, headers })
 * ```
 */
export function startEndpoint(options: ResolvedPluginOptions) {
  return createAuthEndpoint(
    '/truecaller/start',
    { method: 'POST', body: StartBody, metadata: { noStore: true } },
    async (ctx) => {
      const state = await startSignInState(ctx, options.pendingTtl);
      try {
        const { requestId } = await options.client.requestAuthorization({ phoneNumber: ctx.body.phoneNumber, state });
        return ctx.json({ requestId });
      } catch (error) {
        throw await toAPIError(error, ctx.context.logger);
      }
    },
  );
}
