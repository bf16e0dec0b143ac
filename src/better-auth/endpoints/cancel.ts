import { createAuthEndpoint } from 'better-auth/api';
import * as v from 'valibot';
import type { ResolvedPluginOptions } from '../options.js';
import { readSignInState } from '../stateCookie.js';
import { toAPIError } from '../toAPIError.js';

const CancelBody = v.object({ requestId: v.pipe(v.string(), v.minLength(1), v.maxLength(2048)) });

/**
 * `POST /truecaller/cancel` `{ requestId }` -> `{ status: 'cancelled' }`: the browser gave up (the user chose a
 * code instead); frees the number so a new sign-in can start at once. Only the browser that started the sign-in
 * can cancel it (403 `STATE_MISMATCH` otherwise).
 *
 * @example
 * ```ts
 * await auth.api.truecallerCancel({ body: { requestId }, headers })
 * ```
 */
export function cancelEndpoint(options: ResolvedPluginOptions) {
  return createAuthEndpoint('/truecaller/cancel', { method: 'POST', body: CancelBody }, async (ctx) => {
    const state = await readSignInState(ctx);
    try {
      await options.client.cancelSignIn(ctx.body.requestId, { state });
    } catch (error) {
      throw await toAPIError(error, ctx.context.logger);
    }
    return ctx.json({ status: 'cancelled' as const });
  });
}
