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
  // The same for every start call: built once.
  const startHeaders = { accept: 'application/json', appKey: options.appKey };
  return {
    async requestAuthorization(phoneNumber, state, signal) {
      // Documented as a Long: a JSON number. 15 digits stay exact in a double.
      const json: { phoneNumber: number; state?: string } = { phoneNumber: Number(phoneNumber) };
      if (state !== undefined) json.state = state;
      const body = await transport({
        operation: 'requestAuthorization',
        method: 'post',
        url: options.requestsUrl,
        headers: startHeaders,
        json,
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
        headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
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
