import type { HttpHandler } from 'msw';
import { SimulatorEngine, type TokenGrant } from './engine.js';
import type { InjectedFault, InjectOptions, SimulatedEndpoint, SimulatedFault } from './faults.js';
import {
  checkCallbackUrl,
  type PhoneAnswer,
  resolveSimulatorOptions,
  type TruecallerSimulatorOptions,
} from './options.js';
import type { SimulatedCallback, SimulatedRequest } from './records.js';
import { createSimulatorFetch } from './transports/fetch.js';
import { type ListenOptions, listen, type SimulatorServer } from './transports/listen.js';
import { createMswHandlers } from './transports/msw.js';

const engines = new WeakMap<TruecallerSimulator, SimulatorEngine>();

/** The engine behind a simulator (for `checkIntegration`, which drives it beyond the public API). */
export function engineOf(simulator: TruecallerSimulator): SimulatorEngine {
  const engine = engines.get(simulator);
  if (engine === undefined) throw new TypeError('checkIntegration: `simulator` must be a TruecallerSimulator.');
  return engine;
}

/**
 * A stand-in for Truecaller's servers, for tests and demos: Truecaller has no sandbox. It answers the start
 * call and the profile call exactly as Truecaller's documents describe them (status codes, error bodies, both
 * profile shapes), plays the user's phone (approve, decline, choose another number, or ignore), and delivers
 * the callback as JSON to your callback URL or to a function.
 *
 * Reach it three ways: `simulator.fetch` (in-process, any runtime), `simulator.handlers` (msw), or
 * `await simulator.listen()` (a real loopback HTTP server). Break it on purpose with {@link TruecallerSimulator.inject}.
 *
 * Where Truecaller's documents are silent, it makes a choice and offers an option: tokens are single-use
 * (`tokenUses`), failed callbacks are not retried (`callbackRetries`), a token works only at its region's
 * profile URL (`strictRegions`), and repeated start calls for one number are each accepted (Truecaller
 * advises partners to lock; it is not known to refuse them itself).
 *
 * @example
 * ```ts
 * import { TruecallerClient } from 'truecaller-web-login'
 * import { TruecallerSimulator } from 'truecaller-web-login/simulator'
 *
 * const simulator = new TruecallerSimulator({
 *   appKey: 'test-app-key',
 *   users: [{ phoneNumber: '46761234567' }],
 *   onCallback: (body) => client.handleCallback(body),
 * })
 * const client = new TruecallerClient({ appKey: 'test-app-key', fetch: simulator.fetch })
 *
 * const { requestId } = await client.requestAuthorization({ phoneNumber: '+46761234567', state: 'session-1' })
 * await simulator.settled() // the user approved and the callback was handled
 * const result = await client.completeSignIn(requestId, { state: 'session-1' }) // { status: 'completed', … }
 * ```
 */
export class TruecallerSimulator {
  readonly #engine: SimulatorEngine;

  /**
   * A `fetch` that answers Truecaller's URLs in-process (the start call at `requestsUrl`, the profile call at
   * `profileUrl` and at Truecaller's regional profile hosts); any other URL rejects with a `TypeError`. Aborts
   * reject with the signal's reason, as `fetch` does.
   *
   * @example
   * ```ts
   * const client = new TruecallerClient({ appKey: 'test-app-key', fetch: simulator.fetch })
   * ```
   */
  readonly fetch: typeof fetch;

  /**
   * @throws {TypeError} when an option is missing or invalid; the message names it.
   */
  constructor(options: TruecallerSimulatorOptions) {
    this.#engine = new SimulatorEngine(resolveSimulatorOptions(options));
    engines.set(this, this.#engine);
    this.fetch = createSimulatorFetch(this.#engine);
  }

  /**
   * The simulator as msw request handlers, for the same URLs as {@link TruecallerSimulator.fetch}. msw (>= 2) is an optional peer
   * dependency, loaded only when this is read (with `process.getBuiltinModule`: Node >= 20.16, Bun, Deno; on Deno,
   * importing msw 2.15 keeps the process from exiting); importing the simulator never needs it.
   *
   * @throws {Error} when msw is not installed, or the runtime cannot load it.
   * @example
   * ```ts
   * import { setupServer } from 'msw/node'
   *
   * const server = setupServer(...simulator.handlers)
   * server.listen({ onUnhandledRequest: 'error' })
   * ```
   */
  get handlers(): HttpHandler[] {
    return createMswHandlers(this.#engine);
  }

  /**
   * Serves the simulator on a real HTTP server (loopback, a free port by default) with the runtime's
   * `node:http`: Node, Bun and Deno (`--allow-net`). Not available on Workers, which cannot listen; use
   * {@link TruecallerSimulator.fetch} there. Paths: `POST /v1/apps/requests` and `GET /v1/default`. A token whose user has an
   * `endpoint` is not accepted here (the client only follows https Truecaller hosts): test that flow in-process.
   *
   * @throws {TypeError} for a bad port; rejects when the server cannot listen.
   * @example
   * ```ts
   * const truecaller = await simulator.listen()
   * const client = new TruecallerClient({ appKey, requestsUrl: truecaller.requestsUrl, profileUrl: truecaller.profileUrl })
   * await truecaller.close()
   * ```
   */
  listen(options?: ListenOptions): Promise<SimulatorServer> {
    return listen(this.#engine, options);
  }

  /**
   * Every request the simulator received, in arrival order: method, URL, headers and parsed body. It contains
   * the appKey and access tokens as sent; it is your test's own record (the SDK never prints it).
   *
   * @example
   * ```ts
   * const starts = simulator.requests.filter((request) => request.endpoint === 'requests')
   * expect(starts).toHaveLength(1)
   * ```
   */
  get requests(): readonly SimulatedRequest[] {
    return [...this.#engine.requests];
  }

  /**
   * Every callback the simulator made and what became of each (status answered, errors, retries). Contains the
   * access tokens sent: your test's own record.
   *
   * @example
   * ```ts
   * await simulator.settled()
   * expect(simulator.callbacks.map((callback) => callback.attempts[0]?.status)).toEqual([204])
   * ```
   */
  get callbacks(): readonly SimulatedCallback[] {
    return [...this.#engine.callbacks];
  }

  /**
   * Where callbacks are POSTed. Settable after construction, for setups where the app's port is known only
   * after the simulator listens. `undefined` sends them to `onCallback`, or nowhere.
   *
   * @throws {TypeError} (setter) for a URL that is not absolute http(s), or when `onCallback` is set.
   * @example
   * ```ts
   * const truecaller = await simulator.listen()
   * const app = await startApp({ requestsUrl: truecaller.requestsUrl, profileUrl: truecaller.profileUrl })
   * simulator.callbackUrl = `${app.url}/truecaller/callback/s3cret`
   * ```
   */
  get callbackUrl(): string | undefined {
    return this.#engine.callbackUrl;
  }

  /**
   * Sets where callbacks are POSTed (see the getter).
   *
   * @throws {TypeError} for a URL that is not absolute http(s), or when `onCallback` is set.
   * @example
   * ```ts
   * simulator.callbackUrl = 'http://127.0.0.1:3000/truecaller/callback/s3cret'
   * ```
   */
  set callbackUrl(url: string | undefined) {
    if (url !== undefined && this.#engine.options.onCallback !== undefined) {
      throw new TypeError(
        'TruecallerSimulator: this simulator delivers to `onCallback`; it cannot take a callbackUrl too.',
      );
    }
    this.#engine.callbackUrl = url === undefined ? undefined : checkCallbackUrl(url);
  }

  /**
   * The user answers the prompt for `requestId` on their phone: for users whose decision is `'ignore'`, or to
   * answer before a scheduled decision happens. The callback is delivered asynchronously; await
   * {@link TruecallerSimulator.settled} for it.
   *
   * @throws {Error} when no sign-in with this requestId reached the simulator, or it was already answered.
   * @example
   * ```ts
   * const { requestId } = await client.requestAuthorization({ phoneNumber: '+46701234567', state })
   * simulator.decide(requestId, 'user_rejected')
   * await simulator.settled()
   * ```
   */
  decide(requestId: string, answer: PhoneAnswer): void {
    void this.#engine.decide(requestId, answer);
  }

  /**
   * Mobile web: the user taps your page's `truecallersdk://truesdk/web_verify?…` link on their phone. The
   * link is checked as the Truecaller app would (`type=btmsheet`, a `requestNonce` of 8 to 64 characters never
   * used before, `partnerKey` equal to the appKey, `partnerName`, `lang`), then `phoneNumber`'s user decides as
   * configured. The callback carries the nonce as `requestId`, the user's `endpoint` if any, and no `state`; the
   * default profile has the mobile-web shape.
   *
   * @returns the link's `requestNonce` (the sign-in's requestId).
   * @throws {TypeError} for a malformed link, another app's partnerKey, a reused nonce, or an unknown number.
   * @example
   * ```ts
   * const requestId = createRequestNonce()
   * await client.registerRequest({ requestId })
   * simulator.openDeepLink(`truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=${requestId}&partnerKey=${appKey}&partnerName=Shop&lang=en`, { phoneNumber: '919999999999' })
   * await simulator.settled()
   * ```
   */
  openDeepLink(url: string | URL, user: { phoneNumber: string }): string {
    return this.#engine.openDeepLink(url, user?.phoneNumber);
  }

  /**
   * Issues an access token as if a user had approved a sign-in: for callbacks a test writes itself, such as a
   * forged one carrying the attacker's own valid token. A string is a number (its user's profile, or a default
   * one listing it); `profile` serves that body verbatim; `endpoint` ties the token to a regional host.
   *
   * @throws {TypeError} for a malformed number or profile.
   * @example
   * ```ts
   * const attackerToken = simulator.issueToken('46701234567')
   * await client.handleCallback({ requestId: victimsRequestId, accessToken: attackerToken, state })
   * ```
   */
  issueToken(grant: string | TokenGrant): string {
    return this.#engine.issueToken(grant);
  }

  /**
   * Makes the next requests to one of Truecaller's endpoints fail: a status (with Truecaller's documented body
   * where there is one), a slow answer, no answer at all, a body that never ends, a reset connection, or any
   * `Response`. Faults apply in the order injected, `times` requests each (default 1), before anything else
   * (also before the appKey check). Every transport honours them.
   *
   * @throws {TypeError} for an unknown endpoint or a fault with more than one action.
   * @example
   * ```ts
   * simulator.inject('profile', { status: 503 }, { times: 2 })  // two 5xx, then normal answers
   * simulator.inject('requests', { delay: 2_000 })               // one slow start call
   * simulator.inject('profile', { reset: true })                 // the connection drops once
   * ```
   */
  inject(endpoint: SimulatedEndpoint, fault: SimulatedFault, options?: InjectOptions): InjectedFault {
    return this.#engine.inject(endpoint, fault, options);
  }

  /**
   * Resolves when every scheduled decision has been made and every callback delivered (including retries).
   * Users whose decision is `'ignore'` schedule nothing, so they never hold it up. Never rejects: what the app
   * answered is in {@link TruecallerSimulator.callbacks}.
   *
   * @example
   * ```ts
   * await client.requestAuthorization({ phoneNumber: '+46761234567', state })
   * await simulator.settled()
   * expect(simulator.callbacks[0]?.delivered).toBe(true)
   * ```
   */
  settled(): Promise<void> {
    return this.#engine.settled();
  }
}
