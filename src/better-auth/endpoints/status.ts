import { createAuthEndpoint } from 'better-auth/api';
import { parseUserOutput } from 'better-auth/db';
import * as v from 'valibot';
import type { ResolvedPluginOptions } from '../options.js';
import { signInVerifiedNumber } from '../signInVerifiedNumber.js';
import { readSignInState } from '../stateCookie.js';
import { toAPIError } from '../toAPIError.js';

const StatusQuery = v.object({ requestId: v.pipe(v.string(), v.minLength(1), v.maxLength(2048)) });

/**
 * `GET /truecaller/status?requestId=` -> `{ status: 'pending' | 'rejected' | 'expired' }`, or, exactly once,
 * `{ status: 'completed', token, user }` with Better Auth's session cookie set: the verified number's user, created
 * when `signUp` allows. Only the browser holding the state cookie the sign-in was started with gets an answer
 * other than 403 `STATE_MISMATCH` (`expired` for an unknown requestId).
 *
 * @example
 * ```ts
 * const answer = await auth.api.truecallerStatus({ query: { requestId }, headers, asResponse: true })
 * ```
 */
export function statusEndpoint(options: ResolvedPluginOptions) {
  return createAuthEndpoint(
    '/truecaller/status',
    { method: 'GET', query: StatusQuery, metadata: { noStore: true } },
    async (ctx) => {
      const state = await readSignInState(ctx);
      let result: Awaited<ReturnType<typeof options.client.completeSignIn>>;
      try {
        result = await options.client.completeSignIn(ctx.query.requestId, { state });
      } catch (error) {
        throw await toAPIError(error, ctx.context.logger);
      }
      switch (result.status) {
        case 'pending':
        case 'expired':
          return ctx.json({ status: result.status });
        case 'rejected':
          return ctx.json({ status: result.status, reason: result.reason });
        case 'completed': {
          const { user, session } = await signInVerifiedNumber(ctx, options, result);
          return ctx.json({
            status: result.status,
            token: session.token,
            user: parseUserOutput(ctx.context.options, user),
          });
        }
      }
    },
  );
}
