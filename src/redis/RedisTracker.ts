import { assertDuration, assertOptions, assertString, optionKeys } from '../internal/assert.js';
import { createKeyRing, type KeyRing, type StoredField } from '../internal/keyRing.js';
import type {
  ClaimResult,
  LockAttempt,
  ParkedCallback,
  ParkResult,
  PendingRequest,
  PendingRequestTracker,
  SettledRequest,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from '../trackers/PendingRequestTracker.js';
import { type RedisLikeClient, scriptTransportFor } from './redisClient.js';
import { integer, lockReply, malformed, oneOf, parkedFrom, tagged, trackedFrom, unexpectedReply } from './replies.js';
import { createScriptRunner, type Delivery, type ScriptRunner } from './scriptRunner.js';
import {
  ACQUIRE_LOCK,
  CLAIM,
  FINISH,
  GET,
  type LuaScript,
  PARK,
  REGISTER,
  RELEASE_LOCK,
  REMOVE,
  SETTLE,
  UNPARK,
} from './scripts.js';

/**
 * Options of {@link RedisTracker}.
 *
 * @example
 * ```ts
 * const options: RedisTrackerOptions = {
 *   client: redis,
 *   prefix: '{shop-truecaller}:',
 *   timeout: 500,
 *   encryptionKey: process.env.TRUECALLER_REDIS_KEY,
 * }
 * const tracker = new RedisTracker(options)
 * ```
 */
export interface RedisTrackerOptions {
  /**
   * A connected ioredis client, a node-redis client (`createClient()` from `redis`, v5 or later), or an
   * `@upstash/redis` client (Redis over HTTP, with its default options). For ioredis and node-redis, turn the
   * offline queue off (`enableOfflineQueue: false` / `disableOfflineQueue: true`) so commands fail at once
   * while Redis is unreachable, instead of waiting for `timeout`; for `@upstash/redis`, consider `retry: false`
   * or a short retry (its default retries a failed fetch 5 times, about 4 s). The tracker never connects or
   * closes it.
   *
   * Pass one connection, not a pool (node-redis `createClientPool()`): the undo of a timed-out `acquireLock`
   * relies on running after it on the same connection, and a pool may send it on another one, ahead of the
   * late acquire. Leave node-redis's `commandsQueueMaxLength` unset (or well above the commands in flight): a
   * full queue refuses that undo at once, and the lock a late acquire took then holds the number for `lockTtl`.
   */
  client: RedisLikeClient;
  /**
   * Put in front of every key, so several apps can share one Redis. Default `'{truecaller}:'`. The braces are a
   * Redis Cluster hash tag: a sign-in's script touches its request and its number's lock together, which a
   * cluster allows only within one hash slot. Keep a hash tag in your own prefix if you run (or may run) Redis
   * Cluster, e.g. `'{myapp-truecaller}:'`; with an ioredis `Cluster` client a prefix without one is refused.
   */
  prefix?: string | undefined;
  /**
   * Longest wait for one Redis reply before the operation rejects, in ms. Default 1000. (Called `timeoutMs`
   * before 1.0; that name is refused, so an old configuration cannot silently fall back to the default.)
   */
  timeout?: number | undefined;
  /**
   * Encrypts what the tracker stores (AES-256-GCM through Web Crypto) and keys lock names with HMAC-SHA-256,
   * so someone who can read Redis sees no phone number, state or access token. Each key is the base64 of 32
   * random bytes (`openssl rand -base64 32`). Pass an array to rotate, newest first: the first key encrypts,
   * every key decrypts. Every instance sharing the Redis and prefix needs the same list. Default: no
   * encryption (values are stored as JSON; see `docs/security.md` for what that exposes).
   */
  encryptionKey?: string | readonly string[] | undefined;
}

const REDIS_TRACKER_KEYS = optionKeys<RedisTrackerOptions>()(['client', 'prefix', 'timeout', 'encryptionKey']);

/**
 * A {@link PendingRequestTracker} in Redis, for apps running on several instances or serverless functions: the
 * callback from Truecaller and the browser's polls may land on any instance, and all of them see one store.
 *
 * Every method is one Lua script (`EVALSHA`, with `EVAL` when Redis answers `NOSCRIPT`; releases, `finish` and
 * `remove` always as `EVAL`, so they never need a second round trip), so each is atomic
 * against every other instance, and a method that also frees the number's lock (`finish`, `remove`, a rejected
 * `settle`) does it in the same script. The only thing asked of the client is to run a script with keys and
 * arguments.
 *
 * Key layout (`prefix` defaults to `'{truecaller}:'`):
 * - `${prefix}lock:${digest}`: a string holding the lock owner, with the lock's TTL. `digest` is the SHA-256
 *   hex of the lifecycle's lock key (`phone:<number>`), or its HMAC-SHA-256 under `encryptionKey`.
 * - `${prefix}req:${requestId}`: a hash with the TTL of the pending request (fields `request`, `outcome`,
 *   `claim`, `lock`, `owner`); after `finish`, a marker holding only the claimId until that TTL passes.
 * - `${prefix}park:${requestId}`: a callback that came before its request was registered, with its own TTL;
 *   `${prefix}parked` indexes them (a sorted set by expiry) so their number stays within `maxParked`.
 *
 * Values are the JSON `JSON.stringify` wrote, byte for byte, or that JSON encrypted under `encryptionKey`.
 *
 * Fails closed: a client error, a timeout (`timeout`), an unexpected reply or a stored value that is not
 * what this class writes rejects with a plain Error whose message holds no stored value, token or key.
 *
 * When a call times out, operations that take or write something (`acquireLock`, `register`, `settle`,
 * `claim`, `park`, `unpark`, `get`) are dropped from node-redis's queue if they were not sent yet; operations
 * that free or end something (`releaseLock`, `finish`, `remove`) stay queued and run late rather than never
 * (with node-redis 6, also past its default `commandOptions.timeout` of 5 s, which would drop them unsent).
 *
 * Over HTTP (`@upstash/redis`) every operation is one request to the REST API (calls made in the same tick may
 * share one, through the client's auto-pipelining), and every string a script returns is one `JSON.parse`
 * leaves alone, so the client's automatic deserialization changes nothing. There is no connection to order
 * commands on: a release sent after an `acquireLock` that timed out can reach Redis before it, and the lock the
 * late acquire takes then holds the number until its TTL (`lockTtl`) ends.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { TruecallerClient } from 'truecaller-web-login'
 * import { RedisTracker } from 'truecaller-web-login/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
 * const tracker = new RedisTracker({ client: redis, encryptionKey: process.env.TRUECALLER_REDIS_KEY })
 * const client = new TruecallerClient({ appKey, tracker })
 * ```
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * // Rotating keys: the new one encrypts, the old one still decrypts what was written under it.
 * const tracker = new RedisTracker({ client: redis, encryptionKey: [process.env.KEY_2025!, process.env.KEY_2024!] })
 * ```
 *
 * @example
 * ```ts
 * // Serverless and edge (Vercel, Cloudflare Workers, Lambda): Redis over HTTP.
 * import { Redis } from '@upstash/redis'
 *
 * const tracker = new RedisTracker({ client: Redis.fromEnv(), timeout: 2000 })
 * ```
 */
export class RedisTracker implements PendingRequestTracker {
  readonly #run: ScriptRunner;
  readonly #prefix: string;
  readonly #codec: KeyRing;

  /**
   * @throws {TypeError} when `client` is not an ioredis, node-redis or `@upstash/redis` client, `timeoutMs` is
   *   passed (renamed `timeout`), `prefix` is not a string (or has no hash tag while `client` is an ioredis
   *   Cluster), `timeout` is not a whole number of milliseconds from 1 to 2^31 - 1 (the longest timer wait), or
   *   `encryptionKey` is not one or more base64 strings of 32 random bytes. The message never shows a key.
   */
  constructor(options: RedisTrackerOptions) {
    assertOptions<RedisTrackerOptions>('RedisTracker', options, REDIS_TRACKER_KEYS, {
      example: '`new RedisTracker({ client })`',
      renamed: { timeoutMs: 'timeout' },
    });
    const { client, prefix = '{truecaller}:' } = options;
    assertString('RedisTracker', 'prefix', prefix, { maxLength: 256 });
    const timeout = assertDuration('RedisTracker', 'timeout', options.timeout, 1000);
    const transport = scriptTransportFor(client);
    if ((client as { isCluster?: unknown }).isCluster === true && !hasHashTag(prefix)) {
      throw new TypeError(
        "RedisTracker: with Redis Cluster, `prefix` must contain a hash tag, e.g. '{truecaller}:' or " +
          "'myapp:{truecaller}:', so that a sign-in's request and its number's lock share one hash slot.",
      );
    }
    this.#codec = createKeyRing(options.encryptionKey, 'RedisTracker');
    this.#run = createScriptRunner(transport, timeout);
    this.#prefix = prefix;
  }

  /**
   * Takes the lock `key` for `owner` for `ttl` ms (set-if-absent), unless it is held, also under an older
   * `encryptionKey` (an instance not yet on the newest key). Dropped from node-redis's queue if it times out
   * before it was sent.
   *
   * @throws {RangeError} when `ttl` is not a whole number of ms of at least 1.
   */
  async acquireLock(key: string, owner: string, ttl: number): Promise<LockAttempt> {
    const ms = ttlArgument('acquireLock', 'ttl', ttl);
    const reply = await this.#eval('acquireLock', ACQUIRE_LOCK, await this.#lockKeys(key), [owner, ms]);
    const attempt = lockReply('acquireLock', reply);
    if (attempt.acquired) return attempt;
    // PTTL -1: the key has no expiry (not written by us), so the holder's time left is unknown.
    return { acquired: false, retryAfterMs: attempt.pttl > 0 ? attempt.pttl : undefined };
  }

  /** Frees the lock `key` if `owner` holds it, under any configured key. Stays queued if it times out. */
  async releaseLock(key: string, owner: string): Promise<boolean> {
    const reply = await this.#eval('releaseLock', RELEASE_LOCK, await this.#lockKeys(key), [owner], 'keep-queued');
    return integer('releaseLock', reply) === 1;
  }

  /**
   * Records `request` for `ttl` ms unless its requestId exists, with the digest and owner of its lock so that
   * any instance can free the lock when the sign-in ends.
   *
   * @throws {RangeError} when `ttl` is not a whole number of ms of at least 1.
   */
  async register(request: PendingRequest, ttl: number): Promise<boolean> {
    const ms = ttlArgument('register', 'ttl', ttl);
    const { requestId } = request;
    const value = await this.#codec.seal(JSON.stringify(request), 'request', requestId);
    const [digest = ''] = request.lock === undefined ? [] : await this.#codec.lockDigests(request.lock.key);
    const args = [value, ms, digest, request.lock?.owner ?? ''];
    const reply = await this.#eval('register', REGISTER, [this.#requestKey(requestId)], args);
    return integer('register', reply) === 1;
  }

  /** Reads a request and its outcome without changing them. */
  async get(requestId: string): Promise<TrackedRequest | undefined> {
    const reply = await this.#eval('get', GET, [this.#requestKey(requestId)], []);
    const [tag, request, outcome] = tagged('get', reply);
    if (tag === 'missing') return undefined;
    if (tag === 'corrupt') throw corruptEntry('get');
    if (tag !== 'found') throw unexpectedReply('get');
    return this.#tracked('get', requestId, request, outcome);
  }

  /** Records the outcome once; a rejection also frees the request's lock in the same script. */
  async settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult> {
    const json = JSON.stringify(outcome);
    const value = await this.#codec.seal(json, 'outcome', requestId);
    const freeLock = outcome.type === 'rejected' ? '1' : '0';
    const reply = await this.#eval('settle', SETTLE, [this.#requestKey(requestId)], [value, freeLock, requestId]);
    const [tag, request, stored] = tagged('settle', reply);
    switch (tag) {
      case 'missing':
        return { status: 'missing' };
      case 'settled': {
        const opened = await this.#open('settle', request, 'request', requestId);
        return { status: 'settled', tracked: trackedFrom('settle', requestId, opened, json) };
      }
      case 'already-settled':
        return { status: 'already-settled', tracked: await this.#tracked('settle', requestId, request, stored) };
      case 'corrupt':
        throw corruptEntry('settle');
      default:
        throw unexpectedReply('settle');
    }
  }

  /** Records `claimId` as the claim of a settled request (over any earlier one) and hands out its outcome. */
  async claim(requestId: string, claimId: string): Promise<ClaimResult> {
    const reply = await this.#eval('claim', CLAIM, [this.#requestKey(requestId)], [claimId]);
    const [tag, request, outcome] = tagged('claim', reply);
    switch (tag) {
      case 'missing':
        return { status: 'missing' };
      case 'pending':
        return { status: 'pending', tracked: await this.#tracked('claim', requestId, request, '') };
      case 'claimed': {
        const tracked = await this.#tracked('claim', requestId, request, outcome);
        if (tracked.outcome === undefined) throw unexpectedReply('claim');
        return { status: 'claimed', tracked: tracked as SettledRequest };
      }
      case 'corrupt':
        throw corruptEntry('claim');
      default:
        throw unexpectedReply('claim');
    }
  }

  /**
   * Ends a request claimed by `claimId`: leaves a marker of who finished it and frees its lock, in one script.
   * Stays queued if it times out.
   */
  async finish(requestId: string, claimId: string): Promise<boolean> {
    const reply = await this.#eval(
      'finish',
      FINISH,
      [this.#requestKey(requestId)],
      [claimId, requestId],
      'keep-queued',
    );
    return integer('finish', reply) === 1;
  }

  /** Deletes a request and frees its lock, in one script, resolving with what it held. Stays queued if it times out. */
  async remove(requestId: string): Promise<TrackedRequest | undefined> {
    const reply = await this.#eval('remove', REMOVE, [this.#requestKey(requestId)], [requestId], 'keep-queued');
    const [tag, request, outcome] = tagged('remove', reply);
    if (tag === 'missing') return undefined;
    if (tag === 'corrupt') throw corruptEntry('remove');
    if (tag !== 'found') throw unexpectedReply('remove');
    return this.#tracked('remove', requestId, request, outcome);
  }

  /**
   * Keeps a callback for an unknown requestId for `ttl` ms, at most `maxParked` at once.
   *
   * @throws {RangeError} when `ttl` or `maxParked` is not a whole number of at least 1.
   */
  async park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number): Promise<ParkResult> {
    const ms = ttlArgument('park', 'ttl', ttl);
    const max = ttlArgument('park', 'maxParked', maxParked);
    const value = await this.#codec.seal(JSON.stringify(callback), 'parked', requestId);
    const keys = [this.#parkKey(requestId), this.#parkIndex()];
    const reply = await this.#eval('park', PARK, keys, [value, ms, max, requestId]);
    return oneOf('park', reply, ['parked', 'full']);
  }

  /** Takes the callback parked under `requestId`, if any (get-and-delete). */
  async unpark(requestId: string): Promise<ParkedCallback | undefined> {
    const reply = await this.#eval('unpark', UNPARK, [this.#parkKey(requestId), this.#parkIndex()], [requestId]);
    const [tag, parked] = tagged('unpark', reply);
    if (tag === 'missing') return undefined;
    if (tag !== 'found' || typeof parked !== 'string') throw unexpectedReply('unpark');
    return parkedFrom('unpark', await this.#codec.open(parked, 'parked', requestId, 'unpark'));
  }

  #eval(
    operation: string,
    script: LuaScript,
    keys: string[],
    args: string[],
    delivery: Delivery = 'drop-if-unsent',
  ): Promise<unknown> {
    return this.#run(operation, script, keys, args, delivery);
  }

  async #tracked(
    operation: string,
    requestId: string,
    request: string | null | undefined,
    outcome: string | null | undefined,
  ): Promise<TrackedRequest> {
    const requestJson = await this.#open(operation, request, 'request', requestId);
    const outcomeJson =
      outcome === null || outcome === undefined || outcome === ''
        ? undefined
        : await this.#codec.open(outcome, 'outcome', requestId, operation);
    return trackedFrom(operation, requestId, requestJson, outcomeJson);
  }

  async #open(
    operation: string,
    stored: string | null | undefined,
    field: StoredField,
    requestId: string,
  ): Promise<string> {
    if (typeof stored !== 'string' || stored === '') throw malformed(operation, `the stored ${field} is missing`);
    return this.#codec.open(stored, field, requestId, operation);
  }

  async #lockKeys(key: string): Promise<string[]> {
    return (await this.#codec.lockDigests(key)).map((digest) => `${this.#prefix}lock:${digest}`);
  }

  #requestKey(requestId: string): string {
    return `${this.#prefix}req:${requestId}`;
  }

  #parkKey(requestId: string): string {
    return `${this.#prefix}park:${requestId}`;
  }

  #parkIndex(): string {
    return `${this.#prefix}parked`;
  }
}

/** PX and PEXPIRE take whole positive milliseconds; anything else would be a Redis error later anyway. */
function ttlArgument(operation: string, name: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`RedisTracker.${operation}: \`${name}\` must be a whole number of at least 1.`);
  }
  return String(value);
}

function corruptEntry(operation: string): Error {
  return malformed(operation, 'the stored entry has an outcome but no request');
}

/** Whether every key under `prefix` lands in one Redis Cluster hash slot: a non-empty `{tag}` inside the prefix. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
}
