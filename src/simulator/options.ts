import { DEFAULT_SIMULATED_PROFILE_URL, DEFAULT_SIMULATED_REQUESTS_URL } from './wire.js';

/**
 * What a simulated user does when Truecaller prompts their phone: approve (the callback carries an access
 * token), decline (`user_rejected`), choose another number (`use_another_number`), or nothing at all (`ignore`:
 * no callback until the test calls `simulator.decide`).
 *
 * @example
 * ```ts
 * const user: SimulatedUser = { phoneNumber: '46761234567', decision: 'user_rejected' }
 * ```
 */
export type SimulatedDecision = 'approve' | 'user_rejected' | 'use_another_number' | 'ignore';

/**
 * An answer the test gives for a prompt with `simulator.decide(requestId, answer)`.
 *
 * @example
 * ```ts
 * simulator.decide(requestId, 'approve' satisfies PhoneAnswer)
 * ```
 */
export type PhoneAnswer = Exclude<SimulatedDecision, 'ignore'>;

/**
 * A Truecaller user the simulator knows.
 *
 * @example
 * ```ts
 * const users: SimulatedUser[] = [
 *   { phoneNumber: '46761234567' }, // approves, with a default profile listing the number
 *   { phoneNumber: '46701234567', decision: 'ignore' }, // never answers until simulator.decide()
 *   { phoneNumber: '919999999999', endpoint: 'https://profile4-noneu.truecaller.com/v1/default' },
 * ]
 * ```
 */
export interface SimulatedUser {
  /** E.164 digits without `+`, as Truecaller's start call carries them: `'46761234567'`. */
  phoneNumber: string;
  /**
   * The profile body the profile endpoint answers with, sent verbatim (it need not list the number: that is
   * how a test serves someone else's profile). Default: a plausible profile listing the number, in the web-login
   * shape (`phoneNumbers` as JSON numbers, `onlineIdentity`) for tokens of the start-call flow and in the
   * mobile-web shape (numbers as strings, `onlineIdentities`, `isActive: "True"`) for tokens of the deep-link flow.
   */
  profile?: Record<string, unknown> | undefined;
  /** What the user does when prompted. Default `'approve'`. */
  decision?: SimulatedDecision | undefined;
  /**
   * A regional profile URL to put into the approving callback as `endpoint`, as mobile-web callbacks do
   * (`https://profile4-noneu.truecaller.com/v1/default`). The token then works only at that URL (see
   * `strictRegions`). Default: no `endpoint`; the token works at the default profile URL.
   */
  endpoint?: string | undefined;
}

/**
 * Who the simulator knows: a list, or a function that describes the user for any number (return `undefined`
 * for a number Truecaller should refuse with 403/1008).
 *
 * @example
 * ```ts
 * const everyoneIgnores: SimulatedUsers = () => ({ decision: 'ignore' })
 * ```
 */
export type SimulatedUsers =
  | readonly SimulatedUser[]
  | ((phoneNumber: string) => Omit<SimulatedUser, 'phoneNumber'> | undefined);

/**
 * Options of `new TruecallerSimulator(options)`. Only `appKey` is required. Durations are milliseconds.
 *
 * @example
 * ```ts
 * const simulator = new TruecallerSimulator({
 *   appKey: 'test-app-key',
 *   users: [{ phoneNumber: '46761234567', profile: { name: { first: 'Rajat', last: 'Kapoor' }, phoneNumbers: [46761234567] } }],
 *   onCallback: (body) => client.handleCallback(body),
 * })
 * ```
 */
export interface TruecallerSimulatorOptions {
  /** The appKey the start call must carry in its `appKey` header; any other is answered 404 (invalid credentials). */
  appKey: string;
  /**
   * The numbers that have Truecaller; any other number's start call is answered 403 with code 1008.
   * Default: every number is a user with a default profile who approves.
   */
  users?: SimulatedUsers | undefined;
  /**
   * Where the simulator POSTs each callback, as JSON, the way Truecaller posts to the callback URL registered
   * in its developer console. Uses `globalThis.fetch` at the time of the call. Also settable later through
   * `simulator.callbackUrl` (your app's port is often known only after the simulator listens).
   */
  callbackUrl?: string | undefined;
  /**
   * Receives each callback body instead of an HTTP POST (pass your route handler, or `client.handleCallback`).
   * A returned `Response` counts as the app's answer; a throw counts as a failed delivery. Exclusive with
   * `callbackUrl`. With neither, callbacks are only recorded in `simulator.callbacks`.
   */
  onCallback?: ((body: Record<string, unknown>) => unknown) | undefined;
  /** How long an access token is valid, in ms. Default 600,000 (Truecaller's 10 minutes). */
  tokenTtl?: number | undefined;
  /**
   * How many profile fetches one access token allows. Default 1: a reused token is answered 401, as reported for
   * production (Truecaller's page is silent on reuse). `Infinity` allows any number within `tokenTtl`.
   */
  tokenUses?: number | undefined;
  /**
   * Whether a token works only at the profile URL of its region: the callback's `endpoint` when it named one,
   * otherwise the default profile URL (another regional host answers 401, as reported for production).
   * Default `true`; `false` lets every profile URL the simulator serves accept every token.
   */
  strictRegions?: boolean | undefined;
  /** How long a simulated user takes to answer the prompt, in ms. Default 50. */
  decisionDelay?: number | undefined;
  /**
   * How long the app may take to answer a callback, in ms. Default 3,000 (Truecaller's documented limit); a
   * slower answer counts as a failed delivery.
   */
  callbackTimeout?: number | undefined;
  /**
   * How many times a failed callback (a 5xx, a network error, a timeout, or a throwing `onCallback`) is sent
   * again. Default 0: Truecaller's current page only says it expects a 2xx; early versions said a 5xx is retried,
   * and nobody has confirmed either. Set it to check your callback route is idempotent.
   */
  callbackRetries?: number | undefined;
  /** Wait between callback attempts, in ms. Default 1,000. */
  callbackRetryDelay?: number | undefined;
  /**
   * The start-call URL `simulator.fetch` and `simulator.handlers` answer. Default Truecaller's own,
   * `https://api4.truecaller.com/v1/apps/requests` (what `TruecallerClient` calls by default).
   */
  requestsUrl?: string | undefined;
  /**
   * The default profile URL `simulator.fetch` and `simulator.handlers` answer, besides Truecaller's regional
   * profile hosts (`https://profile4-noneu.truecaller.com/v1/default`…). Default
   * `https://profile4.truecaller.com/v1/default`.
   */
  profileUrl?: string | undefined;
  /** The clock tokens expire by, in ms since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** The options after defaults and validation. */
export interface ResolvedSimulatorOptions {
  appKey: string;
  users: SimulatedUsers;
  callbackUrl: string | undefined;
  onCallback: ((body: Record<string, unknown>) => unknown) | undefined;
  tokenTtl: number;
  tokenUses: number;
  strictRegions: boolean;
  decisionDelay: number;
  callbackTimeout: number;
  callbackRetries: number;
  callbackRetryDelay: number;
  requestsUrl: string;
  profileUrl: string;
  now: () => number;
}

const EVERYONE_APPROVES: SimulatedUsers = () => ({});

/**
 * Applies defaults and rejects mistakes at construction, naming the option.
 *
 * @throws {TypeError} naming the first invalid option.
 */
export function resolveSimulatorOptions(options: TruecallerSimulatorOptions): ResolvedSimulatorOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('TruecallerSimulator: pass an options object, e.g. new TruecallerSimulator({ appKey }).');
  }
  if (typeof options.appKey !== 'string' || options.appKey === '') {
    throw new TypeError('TruecallerSimulator: the `appKey` option is required (the key your client is given).');
  }
  if (options.callbackUrl !== undefined && options.onCallback !== undefined) {
    throw new TypeError('TruecallerSimulator: pass `callbackUrl` or `onCallback`, not both.');
  }
  if (options.onCallback !== undefined && typeof options.onCallback !== 'function') {
    throw new TypeError('TruecallerSimulator: `onCallback` must be a function.');
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new TypeError('TruecallerSimulator: `now` must be a function returning ms since the epoch.');
  }
  return {
    appKey: options.appKey,
    users: resolveUsers(options.users),
    callbackUrl: options.callbackUrl === undefined ? undefined : checkCallbackUrl(options.callbackUrl),
    onCallback: options.onCallback,
    tokenTtl: duration('tokenTtl', options.tokenTtl, 600_000, 1),
    tokenUses:
      options.tokenUses === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : duration('tokenUses', options.tokenUses, 1, 1),
    strictRegions: options.strictRegions ?? true,
    decisionDelay: duration('decisionDelay', options.decisionDelay, 50, 0),
    callbackTimeout: duration('callbackTimeout', options.callbackTimeout, 3_000, 1),
    callbackRetries: duration('callbackRetries', options.callbackRetries, 0, 0),
    callbackRetryDelay: duration('callbackRetryDelay', options.callbackRetryDelay, 1_000, 0),
    requestsUrl: httpUrl('requestsUrl', options.requestsUrl ?? DEFAULT_SIMULATED_REQUESTS_URL),
    profileUrl: httpUrl('profileUrl', options.profileUrl ?? DEFAULT_SIMULATED_PROFILE_URL),
    now: options.now ?? Date.now,
  };
}

/**
 * Checks a callback URL (the option and the `simulator.callbackUrl` setter).
 *
 * @throws {TypeError} when it is not an absolute http(s) URL.
 */
export function checkCallbackUrl(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('TruecallerSimulator: `callbackUrl` must be a string URL.');
  return httpUrl('callbackUrl', value);
}

/**
 * Checks a phone number given to the simulator: E.164 digits without `+`, as Truecaller's wire carries them.
 *
 * @throws {TypeError} naming `where`.
 */
export function checkDigits(where: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[1-9]\d{5,14}$/.test(value)) {
    throw new TypeError(`${where}: \`phoneNumber\` must be E.164 digits without '+', e.g. '46761234567'.`);
  }
  return value;
}

function resolveUsers(users: SimulatedUsers | undefined): SimulatedUsers {
  if (users === undefined) return EVERYONE_APPROVES;
  if (typeof users === 'function') return users;
  if (!Array.isArray(users)) {
    throw new TypeError('TruecallerSimulator: `users` must be an array of users or a function of the number.');
  }
  for (const user of users) checkUser('TruecallerSimulator: each of `users`', user);
  return users.map((user) => ({ ...user }));
}

const DECISIONS: readonly string[] = ['approve', 'user_rejected', 'use_another_number', 'ignore'];

/**
 * Checks a user description (from `users`, or returned by the `users` function).
 *
 * @throws {TypeError} naming the field.
 */
export function checkUser(where: string, user: unknown): asserts user is SimulatedUser {
  if (typeof user !== 'object' || user === null) throw new TypeError(`${where} must be an object.`);
  const candidate = user as Partial<SimulatedUser>;
  if ('phoneNumber' in candidate) checkDigits(where, candidate.phoneNumber);
  if (candidate.decision !== undefined && !DECISIONS.includes(candidate.decision)) {
    throw new TypeError(`${where}: \`decision\` must be one of ${DECISIONS.join(', ')}.`);
  }
  const { profile } = candidate;
  if (profile !== undefined && (typeof profile !== 'object' || profile === null || Array.isArray(profile))) {
    throw new TypeError(`${where}: \`profile\` must be a JSON object.`);
  }
  if (candidate.endpoint !== undefined) httpUrl(`${where}: endpoint`, candidate.endpoint);
}

function duration(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > 2_147_483_647) {
    throw new TypeError(`TruecallerSimulator: \`${name}\` must be a whole number from ${min} to 2147483647.`);
  }
  return value;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`TruecallerSimulator: \`${name}\` must be an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`TruecallerSimulator: \`${name}\` must be an http(s) URL.`);
  }
  return url.href;
}
