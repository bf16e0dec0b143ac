import type { CallbackInput } from '../callback/callbackInput.js';
import { createTransport } from '../http/createTransport.js';
import { assertOptions, assertString, optionKeys } from '../internal/assert.js';
import { MAX_ID_LENGTH } from '../internal/limits.js';
import { createSignInSteps, type SignInSteps } from '../lifecycle/signInSteps.js';
import type { CallbackReceipt, CancelResult, SignInStatus } from '../lifecycle/types.js';
import type { MobileWebLinkOptions } from '../mobileweb/linkOptions.js';
import type { MobileWebLink } from '../mobileweb/MobileWebLink.js';
import type { CountryCode } from '../phone/normalizePhoneNumber.js';
import type { TruecallerProfile } from '../profile/schema.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { observeSteps } from './events.js';
import { type ResolvedOptions, resolveOptions, type TruecallerClientOptions } from './options.js';
import { createTruecallerApi, type TruecallerApi } from './truecallerApi.js';

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
  /**
   * The callback's `endpoint` (mobile-web flow). Used only if https on a trusted host; a bare host (empty path or
   * `/`) is fetched at `/v1/default` on that host.
   */
  endpoint?: string | undefined;
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link TruecallerClient.handleCallback}. */
export interface HandleCallbackOptions {
  /**
   * Milliseconds a `Request` body may take to arrive. Default 2,000 (inside Truecaller's 3-second
   * acknowledgement). Ignored for a body your framework already parsed.
   */
  timeout?: number | undefined;
  /** Aborts the call before the outcome is recorded; the promise then rejects with the signal's reason. */
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

/**
 * Options of {@link TruecallerClient.cancelSignIn}.
 *
 * @example
 * ```ts
 * const options: CancelSignInOptions = { state: session.id }
 * await client.cancelSignIn(requestId, options)
 * ```
 */
export interface CancelSignInOptions {
  /** The state the sign-in was started with; required when it was started with one. */
  state?: string | undefined;
}

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
  /** Truecaller's two calls; the lifecycle steps get them from here, never through this class's methods. */
  readonly #api: TruecallerApi;
  /** Every step of a sign-in (`src/lifecycle/`): the lifecycle methods below only hand their arguments on. */
  readonly #steps: SignInSteps;

  /** @throws {TypeError} when an option is missing or invalid; the message names it. */
  constructor(options: TruecallerClientOptions) {
    this.#options = resolveOptions(options);
    const transport = createTransport({
      fetch: this.#options.fetch,
      timeout: this.#options.timeout,
      maxResponseBytes: this.#options.maxResponseBytes,
    });
    this.#api = createTruecallerApi(transport, this.#options);
    this.#steps = createSignInSteps(this.#options, this.#api);
    if (this.#options.onEvent !== undefined) observeSteps(this.#steps, this.#options.onEvent);
  }

  /**
   * The store this client keeps pending sign-ins in: the `tracker` option, the default `MemoryTracker` when it
   * was left out, or `undefined` for `tracker: false`. Read-only; for integrations (the Better Auth plugin) that
   * must check a ready client's store before relying on it.
   *
   * @example
   * ```ts
   * if (client.tracker instanceof MemoryTracker) console.warn('sign-ins live in this process only')
   * ```
   */
  get tracker(): PendingRequestTracker | undefined {
    return this.#options.tracker;
  }

  /**
   * How long a started sign-in can be finished, in ms (the `pendingTtl` option; default 600,000, the access
   * token's lifetime). Read-only.
   *
   * @example
   * ```ts
   * const cookieMaxAgeSeconds = Math.ceil(client.pendingTtl / 1000)
   * ```
   */
  get pendingTtl(): number {
    return this.#options.pendingTtl;
  }

  /**
   * Starts a sign-in: validates the number, takes the number's lock, POSTs to Truecaller (never retried: each
   * POST makes the phone prompt), and records the pending request. Nothing is sent for an invalid number or
   * while a sign-in for the same number is pending. If the POST fails, the lock is released. If Truecaller
   * accepted the POST (the phone is prompting) but the store cannot record it, the lock is kept and the call
   * rejects with `RequestPendingError` (its `cause` a `TrackerError`), so nobody triggers a second prompt.
   * See `docs/lifecycle.md` for what every failure costs.
   *
   * @throws {InvalidPhoneNumberError} not a valid mobile number; nothing sent.
   * @throws {RequestPendingError} a sign-in for this number is pending (`retryAfterMs`): nothing sent, or (with
   *   a `TrackerError` cause) this call's prompt was sent but could not be recorded.
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
  requestAuthorization(params: RequestAuthorizationParams): Promise<AuthorizationRequest> {
    return this.#steps.requestAuthorization(params);
  }

  /**
   * Fetches the user's profile with the callback's access token (valid 10 minutes, single use). Retries
   * network errors, timeouts, 429 and 5xx up to `retry` times. A retry answered 401 after any attempt that timed
   * out or lost its connection rejects with that `TimeoutError` or `NetworkError` (the 401 as its `cause`): the
   * unanswered attempt may have reached Truecaller and spent the token. Redirects are never followed. The body is read
   * up to the client's `maxResponseBytes` (default 256 KiB) and no further.
   *
   * @throws {UntrustedEndpointError} `endpoint` is not https on a trusted profile host; nothing sent.
   * @throws {InvalidTokenError} 401: expired, reused, or another region's token (when Truecaller answered every
   *   earlier attempt).
   * @throws {UnexpectedResponseError} an unexpected status, a body that is not a JSON object, or one larger than
   *   `maxResponseBytes` (reading stopped there; not retried).
   * @throws {ServerError} | {NetworkError} | {TimeoutError}
   * @example
   * ```ts
   * const profile = await client.fetchProfile(callback.accessToken, { endpoint: callback.endpoint })
   * console.log(profile.name?.first, profile.phoneNumbers)
   * ```
   */
  async fetchProfile(accessToken: string, options: FetchProfileOptions = {}): Promise<TruecallerProfile> {
    assertString('fetchProfile', 'accessToken', accessToken, { minLength: 1, maxLength: MAX_ID_LENGTH });
    assertOptions<FetchProfileOptions>('fetchProfile', options, FETCH_PROFILE_KEYS);
    return this.#api.fetchProfile(accessToken, options);
  }

  /**
   * Records a pending sign-in that was started without the start call: the mobile-web flow, where your page
   * opens Truecaller's deep link with a `requestNonce` that comes back as the callback's `requestId`. No lock
   * is taken (there is no POST to throttle). A callback that arrived first is adopted, with the usual checks.
   *
   * @throws {DuplicateRequestError} the requestId is already tracked (or finished within `pendingTtl`).
   * @throws {InvalidPhoneNumberError} | {TrackerError}
   * @example
   * ```ts
   * const requestId = createRequestNonce()
   * await client.registerRequest({ requestId, state: session.id })
   * // put requestId into the truecallersdk://truesdk/web_verify?requestNonce=… link
   * ```
   */
  registerRequest(params: RegisterRequestParams): Promise<void> {
    return this.#steps.registerRequest(params);
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
  createMobileWebLink(options: MobileWebLinkOptions): Promise<MobileWebLink> {
    return this.#steps.createMobileWebLink(options);
  }

  /**
   * Handles Truecaller's callback: reads it (a `Request` as `parseCallbackRequest` does, within `timeout`; a raw
   * body as `parseCallback` does; what `parseCallback` or `safeParseCallback` returned is checked again),
   * requires a pending requestId and a matching `state`, and records the outcome exactly once. Fetches nothing,
   * so you can answer within Truecaller's 3 seconds. A redelivery of the same callback resolves with
   * `duplicate: true` and changes nothing.
   *
   * A `Request` body that has not fully arrived after `timeout` ms (default 2,000) is an
   * {@link InvalidCallbackError} (answer 400), and nothing is recorded. An abort of `signal` before the outcome
   * is recorded rejects with the signal's reason and records nothing; once the store call has started, it
   * completes.
   *
   * A callback for a requestId not recorded yet is kept briefly (`earlyCallbackTtl`, at most
   * `maxEarlyCallbacks`) for the start to adopt, since Truecaller can call back before the start call's
   * answer was recorded; the call still rejects with `UnknownRequestError`, as for any unknown id.
   *
   * @param body the web `Request`, its raw body (JSON text, bytes, a parsed object, form fields), or a parse
   * result. Not a Node.js `IncomingMessage`: convert it with `truecaller-web-login/node`.
   * @throws {InvalidCallbackError} not a callback, a failed `safeParseCallback` result, or a body that did not
   * arrive within `timeout` (answer 400).
   * @throws {UnknownRequestError} unknown, expired or already-settled requestId (answer 404).
   * @throws {StateMismatchError} state differs (answer 403).
   * @throws {TrackerError} the store failed (answer 503).
   * @throws {TypeError} `body` is a Node.js request object, a `Request` whose body was already read or locked (pass
   *   the `Request` before any middleware reads it, or pass the body it read), or an option is invalid.
   * @example
   * ```ts
   * // A web-standard route handler: the SDK reads the body, at most 2 s.
   * export async function POST(request: Request) {
   *   await client.handleCallback(request) // or: createTruecallerRoutes(client, …).callback
   *   return new Response(null, { status: 204 })
   * }
   * ```
   */
  handleCallback(body: CallbackInput, options: HandleCallbackOptions = {}): Promise<CallbackReceipt> {
    return this.#steps.handleCallback(body, options);
  }

  /**
   * Answers the browser's status poll: `pending` until the callback arrives; then, exactly once,
   * `completed` with the verified profile, or `rejected`; `expired` for unknown, expired, cancelled and
   * already-completed ids. Of concurrent polls, the ones that lose the sign-in to another answer `pending`.
   * Frees the number's lock when the sign-in ends. Never returns the access token. A store failure on the way
   * never loses the sign-in for the next poll (see `docs/lifecycle.md`).
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
  completeSignIn(requestId: string, options: CompleteSignInOptions = {}): Promise<SignInStatus> {
    return this.#steps.completeSignIn(requestId, options);
  }

  /**
   * Ends a pending sign-in the browser gave up on (the user chose another way to sign in): frees the number's
   * lock at once, so the user can start again, refuses later callbacks for it, and makes polls answer
   * `expired`. Resolves `cancelled`, or `expired` when nothing was pending (unknown, expired, completed or
   * already cancelled: calling it twice is safe).
   *
   * @throws {StateMismatchError} `state` is not the one the sign-in was started with; nothing changes.
   * @throws {TrackerError} the store failed; cancelling again is safe.
   * @example
   * ```ts
   * app.post('/truecaller/cancel', async (req, res) => {
   *   res.json(await client.cancelSignIn(req.body.requestId, { state: req.session.id }))
   * })
   * ```
   */
  cancelSignIn(requestId: string, options: CancelSignInOptions = {}): Promise<CancelResult> {
    return this.#steps.cancelSignIn(requestId, options);
  }
}

// The keys of the options `fetchProfile` takes; the lifecycle steps list theirs (`src/lifecycle/signInSteps.ts`).
const FETCH_PROFILE_KEYS = optionKeys<FetchProfileOptions>()(['endpoint', 'signal']);
