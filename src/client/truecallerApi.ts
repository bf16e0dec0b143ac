import * as v from 'valibot';
import { UnexpectedResponseError } from '../errors/apiErrors.js';
import type { Transport } from '../http/createTransport.js';
import type { ProfileFetcher } from '../lifecycle/completeSignIn.js';
import { ProfileSchema, type TruecallerProfile } from '../profile/schema.js';
import { assertTrustedEndpoint } from '../profile/trustedEndpoint.js';
import type { ResolvedOptions } from './options.js';
import { RequestAuthorizationResponseSchema } from './schemas.js';

/**
 * Truecaller's two calls over the client's transport, with arguments already checked: the client's public
 * methods and the lifecycle steps both use these, so no lifecycle step calls back into the client.
 *
 * @internal
 */
export interface TruecallerApi {
  /** POSTs the start call (never retried: each POST makes the phone prompt) and resolves with its requestId. */
  requestAuthorization(
    phoneNumber: string,
    state: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string>;
  /** GETs the profile with a callback's token, from its trusted `endpoint` or the default profile URL. */
  fetchProfile: ProfileFetcher;
}

/** @internal */
export function createTruecallerApi(
  transport: Transport,
  options: Pick<ResolvedOptions, 'appKey' | 'requestsUrl' | 'profileUrl' | 'trustedProfileHosts' | 'retry'>,
): TruecallerApi {
  return {
    async requestAuthorization(phoneNumber, state, signal) {
      const body = await transport({
        operation: 'requestAuthorization',
        method: 'post',
        url: options.requestsUrl,
        headers: { appKey: options.appKey },
        // Documented as a Long: a JSON number. 15 digits stay exact in a double.
        json: { phoneNumber: Number(phoneNumber), ...(state === undefined ? {} : { state }) },
        retry: 0,
        signal,
      });
      // The transport resolves only for a 2xx; Truecaller's success is 200, reported as `status` by the one rule.
      const parsed = v.safeParse(RequestAuthorizationResponseSchema, body);
      if (!parsed.success) {
        throw new UnexpectedResponseError('Truecaller answered requestAuthorization without a requestId.', {
          status: 200,
        });
      }
      return parsed.output.requestId;
    },

    async fetchProfile(accessToken, { endpoint, signal }): Promise<TruecallerProfile> {
      const url =
        endpoint === undefined ? options.profileUrl : assertTrustedEndpoint(endpoint, options.trustedProfileHosts).href;
      const body = await transport({
        operation: 'fetchProfile',
        method: 'get',
        url,
        headers: { authorization: `Bearer ${accessToken}` },
        retry: options.retry,
        signal,
      });
      // safeParse, never parse: no valibot error ever reaches a caller, whatever the body.
      const parsed =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? v.safeParse(ProfileSchema, body)
          : undefined;
      if (parsed?.success !== true) {
        throw new UnexpectedResponseError('Truecaller answered fetchProfile with a body that is not a JSON object.', {
          status: 200,
        });
      }
      const profile: TruecallerProfile = Object.assign(parsed.output, { raw: body as Record<string, unknown> });
      return profile;
    },
  };
}
