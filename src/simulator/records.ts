import type { SimulatedEndpoint } from './faults.js';
import type { SignInFlow } from './wire.js';

/**
 * One request the simulator received, in arrival order (recorded before any injected delay or fault).
 * It holds the appKey and tokens as sent: it is the test's own record, and the SDK never prints it.
 *
 * @example
 * ```ts
 * const [start] = simulator.requests.filter((request) => request.endpoint === 'requests')
 * expect(start?.body).toEqual({ phoneNumber: 46761234567, state: expect.any(String) })
 * expect(start?.headers.appkey).toBe('test-app-key')
 * ```
 */
export interface SimulatedRequest {
  /** Which endpoint it was for. */
  readonly endpoint: SimulatedEndpoint;
  /** `POST`, `GET`… */
  readonly method: string;
  /** The full URL requested. */
  readonly url: string;
  /** The request's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON; `undefined` when it was empty or not JSON (see `text`). */
  readonly body: unknown;
  /** The body as received (`''` when there was none). */
  readonly text: string;
  /** When it arrived, by the simulator's clock (ms since the epoch). */
  readonly at: number;
}

/**
 * One attempt to deliver a callback.
 *
 * @example
 * ```ts
 * const attempt: CallbackAttempt | undefined = simulator.callbacks[0]?.attempts[0]
 * expect(attempt?.status).toBe(204)
 * ```
 */
export interface CallbackAttempt {
  /** The HTTP status the app answered (or the status of the `Response` `onCallback` returned). */
  readonly status?: number;
  /** Why the attempt failed without a status: a network error, the 3-second deadline, or what `onCallback` threw. */
  readonly error?: unknown;
}

/**
 * A callback the simulator made, and what became of it. Holds the access token: the test's own record.
 *
 * @example
 * ```ts
 * await simulator.settled()
 * const [callback] = simulator.callbacks
 * expect(callback?.delivered).toBe(true)
 * expect(callback?.body.status).toBe('user_rejected')
 * ```
 */
export interface SimulatedCallback {
  /** The sign-in it is for (the start call's requestId, or the deep link's requestNonce). */
  readonly requestId: string;
  /** Which flow started the sign-in. */
  readonly flow: SignInFlow;
  /** The JSON body, exactly as sent. */
  readonly body: Readonly<Record<string, unknown>>;
  /** Where it went: POSTed to `callbackUrl`, handed to `onCallback`, or nowhere (only recorded). */
  readonly target: 'url' | 'function' | 'none';
  /** Each delivery attempt, in order (several with `callbackRetries`). */
  readonly attempts: readonly CallbackAttempt[];
  /** Whether an attempt succeeded: a 2xx (or `onCallback` returned something other than a non-2xx Response). */
  readonly delivered: boolean;
}
