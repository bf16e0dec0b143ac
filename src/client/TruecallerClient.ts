import * as v from 'valibot';
import { parseCallback } from '../callback/parseCallback.js';
import { parseCallbackRequest } from '../callback/parseCallbackRequest.js';
import { UnexpectedResponseError } from '../errors/apiErrors.js';
import { DuplicateRequestError } from '../errors/lifecycleErrors.js';
import { createTransport, type Transport } from '../http/createTransport.js';
import { completePendingSignIn } from '../lifecycle/completeSignIn.js';
import { handleParsedCallback } from '../lifecycle/handleCallback.js';
import { acquireNumberLock, type NumberLock, releaseNumberLockQuietly } from '../lifecycle/numberLock.js';
import { trackerStep } from '../lifecycle/trackerStep.js';
import type { CallbackReceipt, SignInStatus } from '../lifecycle/types.js';
import { createMobileWebLink, type MobileWebLink } from '../mobileweb/createMobileWebLink.js';
import type { MobileWebLinkOptions } from '../mobileweb/linkOptions.js';
import { type CountryCode, normalizePhoneNumber } from '../phone/normalizePhoneNumber.js';
import { ProfileSchema, type TruecallerProfile } from '../profile/schema.js';
import { assertTrustedEndpoint } from '../profile/trustedEndpoint.js';
import type { PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { type ResolvedOptions, resolveOptions, type TruecallerClientOptions } from './options.js';
import { RequestAuthorizationResponseSchema } from './schemas.js';

/** Parameters of {@link TruecallerClient.requestAuthorization}. */
export interface RequestAuthorizationParams {
  /** What the user typed: `+46 76 123 45 67`, `46761234567`, a JS number, or national format with a country. */
  phoneNumber: string | number;
  /** Opaque value Truecaller echoes in the callback; use a per-browser-session id. At most 1,024 characters. */
  state?: string | undefined;
  /** Overrides the client's `defaultCountry` for this number. */
  defaultCountry?: CountryCode | undefined;
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** What {@link TruecallerClient.requestAuthorization} resolves with. */
export interface AuthorizationRequest {
  /** Truecaller's id for this sign-in; the callback carries it. Opaque. */
  requestId: string;
  /** The number the request was sent for, as E.164 digits without `+`. */
  phoneNumber: string;
  /** The state, when one was given. */
  state?: string;
}

/** Options of {@link TruecallerClient.fetchProfile}. */
export interface FetchProfileOptions {
  /** The callback's `endpoint` (mobile-web flow). Used only if https on a trusted host. */
  endpoint?: string | undefined;
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Parameters of {@link TruecallerClient.registerRequest} (mobile-web flow). */
export interface RegisterRequestParams {
  /** The `requestNonce` your page put in the deep link: 8 to 64 characters, unique per sign-in. */
  requestId: string;
  /**
   * State to require on the status polls. Mobile-web callbacks carry no state, so a callback is checked
   * against it only if it brings one.
   */
  state?: string | undefined;
  /** The number, if your page asked for it; the profile must then list it. */
  phoneNumber?: string | number | undefined;
  /** Country for a `phoneNumber` in national format. */
  defaultCountry?: CountryCode | undefined;
}

/** Options of {@link TruecallerClient.completeSignIn}. */
export interface CompleteSignInOptions {
  /** The state the sign-in was started with; required when it was started with one. */
  state?: string | undefined;
  /**
   * Aborts the poll; the promise then rejects with the signal's reason. Aborted before the profile fetch, the
   * outcome stays for the next poll; aborted during it, the sign-in is over (the token was already taken).
   */
  signal?: AbortSignal | undefined;
}

const MAX_STATE_LENGTH = 1024;

/**
 * Truecaller web sign-in for a backend. Holds no HTTP server: you call it from your own routes.
 *
 * The three routes of a sign-in:
 * 1. start: {@link requestAuthorization} sends the number to Truecaller, which prompts the user's phone;
 * 2. callback: {@link handleCallback} binds Truecaller's (unsigned) POST to the pending sign-in;
 * 3. status: {@link completeSignIn}, polled by the browser, fetches and verifies the profile once.
 *
 * Pending sign-ins live in the `tracker` (in memory by default; `RedisTracker` for several instances).
 *
 * @example
 * ```ts
 * const client = new TruecallerClient({ appKey: process.env.TRUECALLER_APP_KEY! })
 * const { requestId } = await client.requestAuthorization({ phoneNumber: '+46761234567', state: sessionId })
 * // callback route: await client.handleCallback(request)
 * // status route:   await client.completeSignIn(requestId, { state: sessionId })
 * ```
 */
export class TruecallerClient {
  // Private fields: the appKey can't show up in console.log(client), JSON.stringify(client) or util.inspect.
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;

  /** @throws {TypeError} when an option is missing or invalid; the message names it. */
  constructor(options: TruecallerClientOptions) {
    this.#options = resolveOptions(options);
    this.#transport = createTransport({ fetch: this.#options.fetch, timeout: this.#options.timeout });
  }

  /**
   * Starts a sign-in: validates the number, takes the number's lock, POSTs to Truecaller (never retried: each
   * POST makes the phone prompt), and records the pending request. Nothing is sent for an invalid number or
   * while a sign-in for the same number is pending. If the POST fails, the lock is released.
   *
   * @throws {InvalidPhoneNumberError} not a valid mobile number; nothing sent.
   * @throws {RequestPendingError} a sign-in for this number is pending (`retryAfterMs`); nothing sent.
   * @throws {ForbiddenError} 403/1008: offer another sign-in method.
   * @throws {InvalidCredentialsError} 404: the appKey is wrong.
   * @throws {ServerError} | {UnexpectedResponseError} | {NetworkError} | {TimeoutError} | {TrackerError}
   * @example
   * ```ts
   * try {
   *   const { requestId } = await client.requestAuthorization({ phoneNumber: body.phone, state: session.id })
   * } catch (error) {
   *   if (error instanceof ForbiddenError) return offerOtp()
   *   throw error
   * }
   * ```
   */
  async requestAuthorization(params: RequestAuthorizationParams): Promise<AuthorizationRequest> {
    if (typeof params !== 'object' || params === null) {
      throw new TypeError('requestAuthorization: pass { phoneNumber, state? }.');
    }
    const phoneNumber = normalizePhoneNumber(params.phoneNumber, params.defaultCountry ?? this.#options.defaultCountry);
    const state = checkState('requestAuthorization', params.state);
    const tracker = this.#options.tracker;
    const lock =
      tracker === undefined ? undefined : await acquireNumberLock(tracker, phoneNumber, this.#options.lockTtl);
    try {
      const requestId = await this.#postRequest(phoneNumber, state, params.signal);
      if (tracker !== undefined) {
        await this.#record(tracker, { requestId, phoneNumber, ...withState(state), ...withLock(lock) }, 'register');
      }
      return { requestId, phoneNumber, ...withState(state) };
    } catch (error) {
      if (tracker !== undefined && lock !== undefined) await releaseNumberLockQuietly(tracker, lock);
      throw error;
    }
  }

  /**
   * Fetches the user's profile with the callback's access token (valid 10 minutes, single use). Retries
   * network errors, timeouts, 429 and 5xx up to `retry` times. Redirects are never followed.
   *
   * @throws {UntrustedEndpointError} `endpoint` is not https on a trusted profile host; nothing sent.
   * @throws {InvalidTokenError} 401: expired, reused, or another region's token.
   * @throws {ServerError} | {UnexpectedResponseError} | {NetworkError} | {TimeoutError}
   * @example
   * ```ts
   * const profile = await client.fetchProfile(callback.accessToken, { endpoint: callback.endpoint })
   * console.log(profile.name?.first, profile.phoneNumbers)
   * ```
   */
  async fetchProfile(accessToken: string, options: FetchProfileOptions = {}): Promise<TruecallerProfile> {
    if (typeof accessToken !== 'string' || accessToken === '' || accessToken.length > 2048) {
      throw new TypeError('fetchProfile: `accessToken` must be the non-empty token string from the callback.');
    }
    const url =
      options.endpoint === undefined
        ? this.#options.profileUrl
        : assertTrustedEndpoint(options.endpoint, this.#options.trustedProfileHosts).href;
    const body = await this.#transport({
      operation: 'fetchProfile',
      method: 'get',
      url,
      headers: { authorization: `Bearer ${accessToken}` },
      retry: this.#options.retry,
      signal: options.signal,
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new UnexpectedResponseError('Truecaller answered fetchProfile with a body that is not a JSON object.');
    }
    return { ...v.parse(ProfileSchema, body), raw: body as Record<string, unknown> };
  }

  /**
   * Records a pending sign-in that was started without the start call: the mobile-web flow, where your page
   * opens Truecaller's deep link with a `requestNonce` that comes back as the callback's `requestId`. No lock
   * is taken (there is no POST to throttle).
   *
   * @throws {DuplicateRequestError} the requestId is already tracked.
   * @throws {InvalidPhoneNumberError} | {TrackerError}
   * @example
   * ```ts
   * const requestId = createRequestNonce()
   * await client.registerRequest({ requestId, state: session.id })
   * // put requestId into the truecallersdk://truesdk/web_verify?requestNonce=… link
   * ```
   */
  async registerRequest(params: RegisterRequestParams): Promise<void> {
    const tracker = this.#requireTracker('registerRequest');
    if (typeof params?.requestId !== 'string' || params.requestId.length < 8 || params.requestId.length > 64) {
      throw new TypeError('registerRequest: `requestId` must be a string of 8 to 64 characters.');
    }
    const state = checkState('registerRequest', params.state);
    const phoneNumber =
      params.phoneNumber === undefined
        ? undefined
        : normalizePhoneNumber(params.phoneNumber, params.defaultCountry ?? this.#options.defaultCountry);
    await this.#record(
      tracker,
      {
        requestId: params.requestId,
        flow: 'mobile-web',
        ...(phoneNumber === undefined ? {} : { phoneNumber }),
        ...withState(state),
      },
      'registerRequest',
    );
  }

  /**
   * Starts a mobile-web sign-in: checks every option against Truecaller's documented values, draws a
   * `requestNonce` from the platform CSPRNG, records it with {@link registerRequest} (so {@link handleCallback} and
   * {@link completeSignIn} finish it like any sign-in), and builds the `truecallersdk://truesdk/web_verify?…` link
   * with every parameter encoded. The page opens `url` (see `openTruecallerApp` in `truecaller-web-login/browser`)
   * and polls the status route with `requestId`.
   *
   * The link carries your appKey as `partnerKey`: that is Truecaller's design, the user's device hands it to the
   * Truecaller app. Send it only to the browser that asked, and never log it.
   *
   * @throws {TypeError} an option is invalid or unknown; the message names it. Nothing is recorded.
   * @throws {InvalidPhoneNumberError} `phoneNumber` is not a valid mobile number. Nothing is recorded.
   * @throws {TrackerError} the store failed (answer 503).
   * @example
   * ```ts
   * const { url, requestId } = await client.createMobileWebLink({
   *   partnerName: 'Acme',
   *   lang: 'en',
   *   ctaPrefix: 'continuewith',
   *   skipOption: 'useanothermethod',
   *   state: session.id,
   * })
   * return Response.json({ url, requestId }) // to the page that asked; never to a log
   * ```
   */
  async createMobileWebLink(options: MobileWebLinkOptions): Promise<MobileWebLink> {
    const { appKey, pendingTtl } = this.#options;
    return createMobileWebLink(options, { appKey, pendingTtl, register: (params) => this.registerRequest(params) });
  }

  /**
   * Handles Truecaller's callback: parses it (as {@link parseCallback}; a `Request` is read with
   * {@link parseCallbackRequest}), requires a pending requestId and a matching `state`, and records the outcome
   * exactly once. Fetches nothing, so you can answer within Truecaller's 3 seconds. A redelivery of the same
   * callback resolves with `duplicate: true` and changes nothing.
   *
   * @throws {InvalidCallbackError} not a callback (answer 400).
   * @throws {UnknownRequestError} unknown, expired or already-settled requestId (answer 404 or 409).
   * @throws {StateMismatchError} state differs (answer 403).
   * @throws {TrackerError} the store failed (answer 503).
   * @example
   * ```ts
   * app.post('/truecaller/callback/:secret', async (req, res) => {
   *   await client.handleCallback(req.body)
   *   res.sendStatus(204)
   * })
   * ```
   */
  async handleCallback(body: unknown): Promise<CallbackReceipt> {
    const tracker = this.#requireTracker('handleCallback');
    const callback = body instanceof Request ? await parseCallbackRequest(body) : parseCallback(body);
    return handleParsedCallback(tracker, callback);
  }

  /**
   * Answers the browser's status poll: `pending` until the callback arrives; then, exactly once,
   * `completed` with the verified profile, or `rejected`; `expired` for unknown, expired and already-completed
   * ids. Frees the number's lock when the sign-in ends. Never returns the access token.
   *
   * @throws {StateMismatchError} `state` is not the one the sign-in was started with.
   * @throws {PhoneNumberMismatchError} the profile is not the requested number's (forged callback).
   * @throws {TrackerError} | errors of {@link fetchProfile}
   * @example
   * ```ts
   * const result = await client.completeSignIn(requestId, { state: session.id })
   * if (result.status === 'completed') session.userPhone = result.phoneNumber
   * ```
   */
  async completeSignIn(requestId: string, options: CompleteSignInOptions = {}): Promise<SignInStatus> {
    const tracker = this.#requireTracker('completeSignIn');
    if (typeof requestId !== 'string' || requestId === '') {
      throw new TypeError('completeSignIn: `requestId` must be a non-empty string.');
    }
    if (requestId.length > 2048) return { status: 'expired' };
    return completePendingSignIn(
      tracker,
      (token, fetchOptions) => this.fetchProfile(token, fetchOptions),
      requestId,
      checkState('completeSignIn', options.state),
      options.signal,
    );
  }

  async #postRequest(phoneNumber: string, state: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    const body = await this.#transport({
      operation: 'requestAuthorization',
      method: 'post',
      url: this.#options.requestsUrl,
      headers: { appKey: this.#options.appKey },
      // Documented as a Long: a JSON number. 15 digits stay exact in a double.
      json: { phoneNumber: Number(phoneNumber), ...withState(state) },
      retry: 0,
      signal,
    });
    const parsed = v.safeParse(RequestAuthorizationResponseSchema, body);
    if (!parsed.success) {
      throw new UnexpectedResponseError('Truecaller answered requestAuthorization without a requestId.', {
        status: 200,
      });
    }
    return parsed.output.requestId;
  }

  async #record(tracker: PendingRequestTracker, request: Omit<PendingRequest, 'createdAt'>, operation: string) {
    const record: PendingRequest = { ...request, createdAt: Date.now() };
    const created = await trackerStep(operation, () => tracker.register(record, this.#options.pendingTtl));
    if (!created) throw new DuplicateRequestError();
  }

  #requireTracker(method: string): PendingRequestTracker {
    const tracker = this.#options.tracker;
    if (tracker === undefined) {
      throw new TypeError(`${method} needs a tracker; this client was created with \`tracker: false\`.`);
    }
    return tracker;
  }
}

function checkState(method: string, state: unknown): string | undefined {
  if (state === undefined) return undefined;
  if (typeof state !== 'string' || state.length > MAX_STATE_LENGTH) {
    throw new TypeError(`${method}: \`state\` must be a string of at most ${MAX_STATE_LENGTH} characters.`);
  }
  return state;
}

function withState(state: string | undefined): { state?: string } {
  return state === undefined ? {} : { state };
}

function withLock(lock: NumberLock | undefined): { lock?: NumberLock } {
  return lock === undefined ? {} : { lock };
}
