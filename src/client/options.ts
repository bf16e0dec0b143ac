import { isSupportedCountry } from 'libphonenumber-js/mobile';
import {
  assertDuration,
  assertInteger,
  assertOptionalFunction,
  assertOptions,
  optionKeys,
} from '../internal/assert.js';
import type { CountryCode } from '../phone/normalizePhoneNumber.js';
import { DEFAULT_TRUSTED_PROFILE_HOSTS, type TrustedHost } from '../profile/trustedEndpoint.js';
import { MemoryTracker } from '../trackers/MemoryTracker.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import type { TruecallerEvent } from './events.js';

/**
 * Truecaller's endpoint that starts a sign-in.
 *
 * @example
 * ```ts
 * http.post(DEFAULT_REQUESTS_URL, () => HttpResponse.json({ requestId: 'test' })) // an msw handler in your tests
 * ```
 */
export const DEFAULT_REQUESTS_URL = 'https://api4.truecaller.com/v1/apps/requests';
/**
 * Truecaller's profile endpoint, used when a callback names none.
 *
 * @example
 * ```ts
 * http.get(DEFAULT_PROFILE_URL, () => HttpResponse.json({ phoneNumbers: [46761234567] })) // an msw handler
 * ```
 */
export const DEFAULT_PROFILE_URL = 'https://profile4.truecaller.com/v1/default';

/** Options of `new TruecallerClient(options)`. Only `appKey` is required. */
export interface TruecallerClientOptions {
  /** Your application's secret key from Truecaller's developer console. Never logged or shown in errors. */
  appKey: string;
  /** fetch implementation. Default: `globalThis.fetch`, looked up on every call (so patched fetches work). */
  fetch?: typeof fetch | undefined;
  /** Milliseconds one HTTP attempt may take, body included. Default 10,000. */
  timeout?: number | undefined;
  /**
   * Largest response body read from Truecaller, in bytes. Default 262,144 (256 KiB; real profiles are a few
   * KiB). Reading stops at the cap: the rest is never downloaded or buffered, and the call throws
   * `UnexpectedResponseError`. Error bodies are read only up to 4 KiB, whatever this is.
   */
  maxResponseBytes?: number | undefined;
  /**
   * Extra attempts for `fetchProfile` after a network error, a timeout, 429 or 5xx. Default 2. The token is
   * single use, so a retry answered 401 after a timeout or network error reports that first error (the attempt
   * reached Truecaller). The start call is never retried: each attempt makes the user's phone prompt again.
   */
  retry?: number | undefined;
  /** URL of the start call. Default `https://api4.truecaller.com/v1/apps/requests`. */
  requestsUrl?: string | undefined;
  /** Profile URL used when a callback names no `endpoint`. Default `https://profile4.truecaller.com/v1/default`. */
  profileUrl?: string | undefined;
  /**
   * Hosts a callback's `endpoint` may name (exact hostnames or patterns); replaces the default list of
   * Truecaller's profile hosts. https is always required.
   */
  trustedProfileHosts?: readonly TrustedHost[] | undefined;
  /** Country used to read numbers typed in national format (`076-123 45 67` with `'SE'`). */
  defaultCountry?: CountryCode | undefined;
  /**
   * Where pending sign-ins live between the start call, the callback and the status polls. Default: a new
   * `MemoryTracker` (one process only). Use `RedisTracker` on several instances. `false` turns the lifecycle
   * off: `requestAuthorization` then neither locks nor records, and the lifecycle methods throw.
   */
  tracker?: PendingRequestTracker | false | undefined;
  /** How long a started sign-in blocks another for the same number, in ms. Default 300,000 (Truecaller's advice). */
  lockTtl?: number | undefined;
  /** How long a pending sign-in and its outcome are kept, in ms. Default 600,000 (the access token's lifetime). */
  pendingTtl?: number | undefined;
  /**
   * How long a callback that arrives before its sign-in was recorded is kept for the start to adopt, in ms.
   * Truecaller can call back while the start call's answer is still on its way. Default 60,000.
   */
  earlyCallbackTtl?: number | undefined;
  /**
   * Most early callbacks kept at once (apart from pending sign-ins: a flood of unknown requestIds is refused
   * beyond this and pushes nothing out). Default 1,000.
   */
  maxEarlyCallbacks?: number | undefined;
  /**
   * Called once per step of a sign-in (started, callback accepted or refused, completed, rejected, expired,
   * cancelled, store failed, failed) with the requestId, the masked number and timings in ms; never the appKey,
   * a token, a full number or the state. Send it to your logs: refused callbacks reveal a wrong deployment.
   * What it throws or rejects with is ignored. Default: none.
   */
  onEvent?: ((event: TruecallerEvent) => void) | undefined;
}

/** The options after defaults and validation. */
export interface ResolvedOptions {
  appKey: string;
  fetch: typeof fetch | undefined;
  timeout: number;
  maxResponseBytes: number;
  retry: number;
  requestsUrl: string;
  profileUrl: string;
  trustedProfileHosts: readonly TrustedHost[];
  defaultCountry: CountryCode | undefined;
  tracker: PendingRequestTracker | undefined;
  lockTtl: number;
  pendingTtl: number;
  earlyCallbackTtl: number;
  maxEarlyCallbacks: number;
  onEvent: ((event: TruecallerEvent) => void) | undefined;
}

/**
 * Applies defaults and rejects mistakes at construction time, with messages naming the option, so a bad
 * deployment fails at start-up instead of on a user's first sign-in.
 *
 * @throws {TypeError} naming the first invalid option.
 */
export function resolveOptions(options: TruecallerClientOptions): ResolvedOptions {
  assertOptions<TruecallerClientOptions>(OWNER, options, CLIENT_OPTION_KEYS, {
    example: 'new TruecallerClient({ appKey })',
  });
  const { appKey } = options;
  if (typeof appKey !== 'string' || appKey.trim() === '') {
    throw new TypeError(
      "TruecallerClient: the `appKey` option is required (the key from Truecaller's developer console).",
    );
  }
  assertOptionalFunction(OWNER, 'fetch', options.fetch, 'a fetch function');
  if (options.tracker !== undefined && options.tracker !== false && !isTracker(options.tracker)) {
    throw new TypeError(
      isVersion1Tracker(options.tracker)
        ? 'TruecallerClient: the `tracker` implements the old contract (`take`); implement claim, finish, remove, ' +
            'park and unpark instead (see docs/writing-a-tracker.md).'
        : 'TruecallerClient: the `tracker` option must implement PendingRequestTracker, or be false.',
    );
  }
  const trustedProfileHosts = options.trustedProfileHosts ?? DEFAULT_TRUSTED_PROFILE_HOSTS;
  if (
    !Array.isArray(trustedProfileHosts) ||
    !trustedProfileHosts.every((host) => typeof host === 'string' || host instanceof RegExp)
  ) {
    throw new TypeError('TruecallerClient: `trustedProfileHosts` must be an array of hostnames or RegExps.');
  }
  assertOptionalFunction(OWNER, 'onEvent', options.onEvent, 'a function receiving each event');
  if (options.defaultCountry !== undefined && !isSupportedCountry(options.defaultCountry)) {
    throw new TypeError('TruecallerClient: `defaultCountry` must be an ISO 3166-1 alpha-2 code such as "SE" or "IN".');
  }
  return {
    appKey,
    fetch: options.fetch,
    timeout: assertDuration(OWNER, 'timeout', options.timeout, 10_000),
    maxResponseBytes: assertInteger(OWNER, 'maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1),
    retry: assertInteger(OWNER, 'retry', options.retry, 2, 0, 10),
    requestsUrl: httpUrl('requestsUrl', options.requestsUrl ?? DEFAULT_REQUESTS_URL),
    profileUrl: httpUrl('profileUrl', options.profileUrl ?? DEFAULT_PROFILE_URL),
    trustedProfileHosts: [...trustedProfileHosts],
    defaultCountry: options.defaultCountry,
    tracker: options.tracker === false ? undefined : (options.tracker ?? new MemoryTracker()),
    lockTtl: assertDuration(OWNER, 'lockTtl', options.lockTtl, 300_000),
    pendingTtl: assertDuration(OWNER, 'pendingTtl', options.pendingTtl, 600_000),
    earlyCallbackTtl: assertDuration(OWNER, 'earlyCallbackTtl', options.earlyCallbackTtl, 60_000),
    maxEarlyCallbacks: assertInteger(OWNER, 'maxEarlyCallbacks', options.maxEarlyCallbacks, 1_000, 1),
    onEvent: options.onEvent,
  };
}

const OWNER = 'TruecallerClient';

/** Every key of {@link TruecallerClientOptions}; anything else is refused (a typo would silently be the default). */
const CLIENT_OPTION_KEYS = optionKeys<TruecallerClientOptions>()([
  'appKey',
  'fetch',
  'timeout',
  'maxResponseBytes',
  'retry',
  'requestsUrl',
  'profileUrl',
  'trustedProfileHosts',
  'defaultCountry',
  'tracker',
  'lockTtl',
  'pendingTtl',
  'earlyCallbackTtl',
  'maxEarlyCallbacks',
  'onEvent',
]);

/** Default cap on a response body from Truecaller: 256 KiB. */
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`TruecallerClient: the \`${name}\` option must be an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`TruecallerClient: the \`${name}\` option must be an http(s) URL.`);
  }
  return url.href;
}

const TRACKER_METHODS = [
  'acquireLock',
  'releaseLock',
  'register',
  'get',
  'settle',
  'claim',
  'finish',
  'remove',
  'park',
  'unpark',
] as const satisfies readonly (keyof PendingRequestTracker)[];

function isTracker(value: unknown): value is PendingRequestTracker {
  if (typeof value !== 'object' || value === null) return false;
  return TRACKER_METHODS.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
}

function isVersion1Tracker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { take?: unknown }).take === 'function';
}
