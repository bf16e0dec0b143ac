// Truecaller's wire, as the reference documents give it (`truecaller-web-signup.md`, `truecaller-api-facts.md`):
// the URLs, the error bodies, and the two published profile shapes. Everything the simulator sends comes from here.

/** Truecaller's start-call URL (the same value as the core entry's `DEFAULT_REQUESTS_URL`). */
export const DEFAULT_SIMULATED_REQUESTS_URL = 'https://api4.truecaller.com/v1/apps/requests';
/** Truecaller's default profile URL (the same value as the core entry's `DEFAULT_PROFILE_URL`). */
export const DEFAULT_SIMULATED_PROFILE_URL = 'https://profile4.truecaller.com/v1/default';
/** Path of the start call on a `listen()` server. */
export const REQUESTS_PATH = '/v1/apps/requests';
/** Path of the profile call on a `listen()` server. */
export const PROFILE_PATH = '/v1/default';
/** Truecaller's regional profile URLs, such as `https://profile4-noneu.truecaller.com/v1/default`. */
export const REGIONAL_PROFILE_URL = /^https:\/\/profile\d*(?:-[a-z0-9]+)*\.truecaller\.com\/v1\/default$/;

/** 404 on the start call: the appKey is not valid. */
export const INVALID_CREDENTIALS_BODY = Object.freeze({ code: 404, message: 'Invalid partner credentials.' });
/** 403 on the start call: Truecaller sign-in can't be used for this number. */
export const FORBIDDEN_NUMBER_BODY = Object.freeze({
  code: 1008,
  message: 'Forbidden: It is forbidden to use sdk login for this phone number.',
});
/** 401 on the profile call: unknown, expired or reused token, or another region's. */
export const UNAUTHORIZED_BODY = Object.freeze({ status: 40101, message: 'Unauthorized' });
// The reference is silent on these two; the bodies follow the shape of Truecaller's other start-call errors.
/** 400 on the start call: the body is not `{"phoneNumber": <number>, "state"?: <string>}`. */
export const BAD_REQUEST_BODY = Object.freeze({ code: 400, message: 'Bad Request' });
/** 404 from a `listen()` server for a path that is neither endpoint. */
export const NOT_FOUND_BODY = Object.freeze({ code: 404, message: 'Not Found' });
/** 405: a method the endpoint does not take. */
export const METHOD_NOT_ALLOWED_BODY = Object.freeze({ code: 405, message: 'Method Not Allowed' });

/** The documented body that goes with an injected status, when there is one. */
export function documentedErrorBody(endpoint: 'requests' | 'profile', status: number): object | undefined {
  if (endpoint === 'requests' && status === 403) return FORBIDDEN_NUMBER_BODY;
  if (endpoint === 'requests' && status === 404) return INVALID_CREDENTIALS_BODY;
  if (endpoint === 'profile' && status === 401) return UNAUTHORIZED_BODY;
  return undefined;
}

/** A JSON response, as Truecaller's API answers. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * Which flow a sign-in (and its token) came from: the start call (`web`) or the deep link (`mobile-web`).
 *
 * @example
 * ```ts
 * const mobile = simulator.callbacks.filter((callback) => callback.flow === ('mobile-web' satisfies SignInFlow))
 * ```
 */
export type SignInFlow = 'web' | 'mobile-web';

/**
 * A plausible profile listing `phoneNumber`, in the shape the flow's published sample has: the web-login
 * sample (`phoneNumbers` as JSON numbers, `onlineIdentity` singular) or the mobile-web sample (numbers as
 * strings, `onlineIdentities` plural, `isActive` the string `"True"`, times as strings).
 */
export function defaultProfile(phoneNumber: string, flow: SignInFlow, now: number): Record<string, unknown> {
  const tail = phoneNumber.slice(-4);
  const name = { first: 'Simulated', last: `User ${tail}` };
  const email = `user${tail}@example.invalid`;
  if (flow === 'web') {
    return { name, phoneNumbers: [Number(phoneNumber)], onlineIdentity: { email }, gender: 'NotSet' };
  }
  return {
    phoneNumbers: [phoneNumber],
    name,
    onlineIdentities: { email },
    gender: 'NotSet',
    isActive: 'True',
    type: 'Personal',
    createdTime: String(now),
    id: `9${tail}`,
    userId: `1${tail}`,
    badges: [],
  };
}
