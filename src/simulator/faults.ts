/**
 * Which of Truecaller's endpoints a fault applies to: the start call (`POST …/v1/apps/requests`) or the profile
 * call (`GET …/v1/default`, on every host the simulator serves).
 *
 * @example
 * ```ts
 * simulator.inject('profile' satisfies SimulatedEndpoint, { status: 503 })
 * ```
 */
export type SimulatedEndpoint = 'requests' | 'profile';

/**
 * What goes wrong, for `simulator.inject`. Give at most one of `status`, `respond`, `reset`, `hang` and `stall`;
 * `delay` may come with any of them, and alone makes a slow but otherwise normal answer.
 *
 * @example
 * ```ts
 * simulator.inject('profile', { status: 503 })                // a 5xx, once
 * simulator.inject('requests', { delay: 5_000 })              // a slow start call
 * simulator.inject('profile', { hang: true }, { times: 3 })   // no answer, ever, three times
 * simulator.inject('profile', { stall: true })                // headers, then a body that never ends
 * simulator.inject('requests', { reset: true })               // the connection is reset
 * simulator.inject('profile', { respond: () => new Response('<html>', { status: 200 }) })
 * ```
 */
export interface SimulatedFault {
  /** Wait this long (ms) before the fault, or before the normal answer when no other field is given. */
  delay?: number | undefined;
  /**
   * Answer with this status instead. The body defaults to Truecaller's documented one for that status and
   * endpoint (403/1008 and 404 on the start call, 401/40101 on the profile call), else none.
   */
  status?: number | undefined;
  /** The body with `status`: a string as is, anything else as JSON. */
  body?: unknown;
  /** Headers with `status` (e.g. `{ 'retry-after': '1' }`). */
  headers?: Record<string, string> | undefined;
  /** Answer with whatever this returns (a non-JSON body, a redirect…). */
  respond?: ((request: Request) => Response | Promise<Response>) | undefined;
  /**
   * The connection is reset: `simulator.fetch` rejects with a `TypeError` (as `fetch` does), msw answers a
   * network error, and a `listen()` server destroys the socket.
   */
  reset?: boolean | undefined;
  /** No answer, ever: the caller's timeout or abort is the only way out. */
  hang?: boolean | undefined;
  /** A 200 whose headers arrive and whose body never finishes. */
  stall?: boolean | undefined;
}

/**
 * Options of `simulator.inject`.
 *
 * @example
 * ```ts
 * simulator.inject('profile', { status: 503 }, { times: 2 } satisfies InjectOptions)
 * ```
 */
export interface InjectOptions {
  /** How many requests to the endpoint the fault applies to. Default 1; `Infinity` until removed. */
  times?: number | undefined;
}

/**
 * An injected fault, as `simulator.inject` returns it.
 *
 * @example
 * ```ts
 * const outage = simulator.inject('profile', { status: 503 }, { times: Infinity })
 * // …
 * outage.remove()
 * expect(outage.used).toBeGreaterThan(0)
 * ```
 */
export interface InjectedFault {
  /** How many requests it has applied to so far. */
  readonly used: number;
  /** Stops it applying to further requests. */
  remove(): void;
}

interface QueuedFault {
  fault: SimulatedFault;
  remaining: number;
  used: number;
}

const ACTIONS = ['status', 'respond', 'reset', 'hang', 'stall'] as const;

/**
 * Faults waiting for requests, per endpoint, first injected first applied. Each request takes at most one.
 */
export class FaultQueue {
  readonly #queues: Record<SimulatedEndpoint, QueuedFault[]> = { requests: [], profile: [] };

  /** @throws {TypeError} for an unknown endpoint, a fault with two actions, or a bad `times`/`delay`/`status`. */
  add(endpoint: SimulatedEndpoint, fault: SimulatedFault, options: InjectOptions = {}): InjectedFault {
    if (endpoint !== 'requests' && endpoint !== 'profile') {
      throw new TypeError("simulator.inject: the endpoint must be 'requests' or 'profile'.");
    }
    checkFault(fault);
    const times = options.times ?? 1;
    if (times !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(times) || times < 1)) {
      throw new TypeError('simulator.inject: `times` must be a whole number from 1, or Infinity.');
    }
    const queued: QueuedFault = { fault: { ...fault }, remaining: times, used: 0 };
    const queue = this.#queues[endpoint];
    queue.push(queued);
    return {
      get used() {
        return queued.used;
      },
      remove() {
        queued.remaining = 0;
        const index = queue.indexOf(queued);
        if (index !== -1) queue.splice(index, 1);
      },
    };
  }

  /** The fault for the next request to `endpoint`, if one is waiting. */
  take(endpoint: SimulatedEndpoint): SimulatedFault | undefined {
    const queue = this.#queues[endpoint];
    const next = queue[0];
    if (next === undefined) return undefined;
    next.used += 1;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.fault;
  }
}

function checkFault(fault: SimulatedFault): void {
  if (typeof fault !== 'object' || fault === null) throw new TypeError('simulator.inject: pass a fault object.');
  const actions = ACTIONS.filter((action) => fault[action] !== undefined && fault[action] !== false);
  if (actions.length > 1) {
    throw new TypeError(`simulator.inject: give one of ${ACTIONS.join(', ')} per fault, not ${actions.join(' and ')}.`);
  }
  if (actions.length === 0 && fault.delay === undefined) {
    throw new TypeError(`simulator.inject: give one of ${ACTIONS.join(', ')}, or a \`delay\`.`);
  }
  if (fault.delay !== undefined && (!Number.isSafeInteger(fault.delay) || fault.delay < 0)) {
    throw new TypeError('simulator.inject: `delay` must be a whole number of ms from 0.');
  }
  if (fault.status !== undefined && (!Number.isSafeInteger(fault.status) || fault.status < 200 || fault.status > 599)) {
    throw new TypeError('simulator.inject: `status` must be an HTTP status from 200 to 599.');
  }
  if (fault.respond !== undefined && typeof fault.respond !== 'function') {
    throw new TypeError('simulator.inject: `respond` must be a function returning a Response.');
  }
}
