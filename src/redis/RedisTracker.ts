import type {
  LockAttempt,
  PendingRequest,
  PendingRequestTracker,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from '../trackers/PendingRequestTracker.js';
import { type CommandRunner, createCommandRunner, type RedisLikeClient } from './redisClient.js';
import { integer, lockReply, malformed, stringArray, tagged, trackedFrom, unexpectedReply } from './replies.js';
import { ACQUIRE_LOCK, REGISTER, RELEASE_LOCK, SETTLE, TAKE } from './scripts.js';

/**
 * Options of {@link RedisTracker}.
 *
 * @example
 * ```ts
 * const options: RedisTrackerOptions = { client: redis, prefix: 'shop:truecaller:', timeoutMs: 500 }
 * const tracker = new RedisTracker(options)
 * ```
 */
export interface RedisTrackerOptions {
  /**
   * A connected ioredis client or node-redis client (`createClient()` from `redis`, v5 or later). Turn its
   * offline queue off (`enableOfflineQueue: false` / `disableOfflineQueue: true`) so commands fail at once
   * while Redis is unreachable, instead of waiting for `timeoutMs`. The tracker never connects or closes it.
   */
  client: RedisLikeClient;
  /** Put in front of every key, so several apps can share one Redis. Default `'truecaller:'`. */
  prefix?: string | undefined;
  /** Longest wait for one Redis reply before the operation rejects, in ms. Default 1000. */
  timeoutMs?: number | undefined;
}

const MAX_TIMER_MS = 2_147_483_647;

/**
 * A {@link PendingRequestTracker} in Redis, for apps running on several instances or serverless functions: the
 * callback from Truecaller and the browser's polls may land on any instance, and all of them see one store.
 *
 * Every method is one round trip (one command or one Lua script), so each is atomic against every other
 * instance. Stored values are the JSON that `JSON.stringify` wrote, byte for byte.
 *
 * Key layout (`prefix` defaults to `'truecaller:'`):
 * - `${prefix}lock:${key}`: a string holding the lock owner, with the lock's TTL (`SET NX PX`).
 * - `${prefix}req:{${requestId}}`: a hash with the TTL of the pending request; field `request` holds the
 *   PendingRequest as JSON, field `outcome` the SignInOutcome as JSON once the callback came. The braces are a
 *   Redis Cluster hash tag: anything later stored per request lands on the same node.
 *
 * Fails closed: a client error, a timeout (`timeoutMs`), an unexpected reply or a stored value that is not
 * what this class writes rejects with a plain Error whose message holds no stored value or token.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { TruecallerClient } from 'truecaller-web-login'
 * import { RedisTracker } from 'truecaller-web-login/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
 * const client = new TruecallerClient({ appKey, tracker: new RedisTracker({ client: redis }) })
 * ```
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * const tracker = new RedisTracker({ client: redis, prefix: 'myapp:truecaller:', timeoutMs: 500 })
 * ```
 */
export class RedisTracker implements PendingRequestTracker {
  readonly #run: CommandRunner;
  readonly #prefix: string;

  /**
   * @throws {TypeError} when `client` is neither an ioredis nor a node-redis client, `prefix` is not a string,
   *   or `timeoutMs` is not a whole number of milliseconds from 1 to 2^31 - 1 (the longest timer wait).
   */
  constructor(options: RedisTrackerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('RedisTracker: pass an options object, e.g. `new RedisTracker({ client })`.');
    }
    const { prefix = 'truecaller:', timeoutMs = 1000 } = options;
    if (typeof prefix !== 'string') throw new TypeError('RedisTracker: `prefix` must be a string.');
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMER_MS) {
      throw new TypeError('RedisTracker: `timeoutMs` must be a whole number of milliseconds from 1 to 2147483647.');
    }
    this.#run = createCommandRunner(options.client, timeoutMs);
    this.#prefix = prefix;
  }

  async acquireLock(key: string, owner: string, ttlMs: number): Promise<LockAttempt> {
    const reply = await this.#eval('acquireLock', ACQUIRE_LOCK, this.#lockKey(key), owner, ttl('acquireLock', ttlMs));
    const attempt = lockReply('acquireLock', reply);
    if (attempt.acquired) return attempt;
    // PTTL -1: the key has no expiry (not written by us), so the holder's time left is unknown.
    return { acquired: false, retryAfterMs: attempt.pttl > 0 ? attempt.pttl : undefined };
  }

  async releaseLock(key: string, owner: string): Promise<boolean> {
    const reply = await this.#eval('releaseLock', RELEASE_LOCK, this.#lockKey(key), owner);
    return integer('releaseLock', reply) === 1;
  }

  async register(request: PendingRequest, ttlMs: number): Promise<boolean> {
    const json = JSON.stringify(request);
    const reply = await this.#eval(
      'register',
      REGISTER,
      this.#requestKey(request.requestId),
      json,
      ttl('register', ttlMs),
    );
    return integer('register', reply) === 1;
  }

  async get(requestId: string): Promise<TrackedRequest | undefined> {
    const reply = await this.#run('get', ['HMGET', this.#requestKey(requestId), 'request', 'outcome']);
    const [request, outcome] = stringArray('get', reply);
    if (request === null && outcome === null) return undefined;
    return trackedFrom('get', requestId, request, outcome);
  }

  async settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult> {
    const json = JSON.stringify(outcome);
    const reply = await this.#eval('settle', SETTLE, this.#requestKey(requestId), json);
    const [tag, request, stored] = tagged('settle', reply);
    switch (tag) {
      case 'missing':
        return { status: 'missing' };
      case 'settled':
        return { status: 'settled', tracked: trackedFrom('settle', requestId, request, json) };
      case 'already-settled':
        return { status: 'already-settled', tracked: trackedFrom('settle', requestId, request, stored ?? null) };
      case 'corrupt':
        throw malformed('settle', 'the stored entry has an outcome but no request');
      default:
        throw unexpectedReply('settle');
    }
  }

  async take(requestId: string): Promise<TrackedRequest | undefined> {
    const reply = await this.#eval('take', TAKE, this.#requestKey(requestId));
    const [tag, request, outcome] = tagged('take', reply);
    if (tag === 'missing') return undefined;
    if (tag === 'corrupt') throw malformed('take', 'the stored entry has an outcome but no request');
    if (tag !== 'found') throw unexpectedReply('take');
    return trackedFrom('take', requestId, request, outcome);
  }

  #eval(operation: string, script: string, key: string, ...args: string[]): Promise<unknown> {
    return this.#run(operation, ['EVAL', script, '1', key, ...args]);
  }

  #lockKey(key: string): string {
    return `${this.#prefix}lock:${key}`;
  }

  #requestKey(requestId: string): string {
    return `${this.#prefix}req:{${requestId}}`;
  }
}

/** PX and PEXPIRE take whole positive milliseconds; anything else would be a Redis error later anyway. */
function ttl(operation: string, ttlMs: number): string {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) {
    throw new RangeError(`RedisTracker.${operation}: \`ttlMs\` must be a whole number of milliseconds of at least 1.`);
  }
  return String(ttlMs);
}
