import { APIError, createAuthEndpoint } from 'better-auth/api';
import { constantTimeEqual } from '../../internal/constantTimeEqual.js';
import type { ResolvedPluginOptions } from '../options.js';
import { toAPIError } from '../toAPIError.js';

/**
 * `POST /truecaller/callback/:secret`: Truecaller's callback. No session and no cookie are involved: the SDK
 * reads the raw body (JSON, form or malformed alike; Better Auth's JSON parser is kept out of the way), requires a
 * pending requestId and the `state` it was started with, and records the outcome once. Answers 204 (also for a
 * redelivery). A wrong secret segment is a bare 404 and reaches nothing; refused callbacks are 4xx (400
 * `INVALID_CALLBACK`, 403 `STATE_MISMATCH`, 404 `UNKNOWN_REQUEST`), never 5xx; a store failure is 503.
 *
 * Only reachable over HTTP (`scope: 'http'`): it is not an `auth.api` method nor a client action.
 *
 * @example
 * ```ts
 * // Register this URL with Truecaller:
 * `${baseURL}/api/auth/truecaller/callback/${process.env.TRUECALLER_CALLBACK_SECRET}`
 * ```
 */
export function callbackEndpoint(options: ResolvedPluginOptions) {
  return createAuthEndpoint(
    '/truecaller/callback/:secret',
    { method: 'POST', disableBody: true, requireRequest: true, metadata: { scope: 'http' } },
    async (ctx) => {
      if (!(await constantTimeEqual(ctx.params.secret, options.callbackSecret))) throw new APIError('NOT_FOUND');
      try {
        await options.client.handleCallback(ctx.request);
      } catch (error) {
        throw await toAPIError(error, ctx.context.logger);
      }
      return new Response(null, { status: 204 });
    },
  );
}
