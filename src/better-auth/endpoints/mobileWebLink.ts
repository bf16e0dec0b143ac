import { createAuthEndpoint } from 'better-auth/api';
import * as v from 'valibot';
import type { ResolvedPluginOptions } from '../options.js';
import { startSignInState } from '../stateCookie.js';
import { pluginError, toAPIError } from '../toAPIError.js';

const MobileWebLinkBody = v.optional(
  v.object({ phoneNumber: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))) }),
);

/**
 * `POST /truecaller/mobile-web-link` (body optional: `{ phoneNumber? }`) -> `{ url, requestId }`: a
 * `truecallersdk://` link registered as a pending sign-in bound to this browser's state cookie; the page opens it
 * and polls the status route with `requestId`. 404 `MOBILE_WEB_NOT_CONFIGURED` without the `mobileWeb` option.
 *
 * @example
 * ```ts
 * const { url, requestId } = await auth.api.truecallerMobileWebLink({ body: {}, headers })
 * ```
 */
export function mobileWebLinkEndpoint(options: ResolvedPluginOptions) {
  return createAuthEndpoint(
    '/truecaller/mobile-web-link',
    { method: 'POST', body: MobileWebLinkBody, metadata: { noStore: true } },
    async (ctx) => {
      if (options.mobileWeb === undefined) {
        throw pluginError('NOT_FOUND', 'MOBILE_WEB_NOT_CONFIGURED');
      }
      const state = await startSignInState(ctx, options.pendingTtl);
      const phoneNumber = ctx.body?.phoneNumber;
      try {
        const { url, requestId } = await options.client.createMobileWebLink({
          ...options.mobileWeb,
          state,
          ...(phoneNumber === undefined ? {} : { phoneNumber }),
        });
        return ctx.json({ url, requestId });
      } catch (error) {
        throw await toAPIError(error, ctx.context.logger);
      }
    },
  );
}
