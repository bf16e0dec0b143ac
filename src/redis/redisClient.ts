/**
 * The part of an ioredis client that {@link RedisTracker} uses: `call` sends any command. This is all we need
 * from ioredis, so the SDK never imports it and any version or wrapper with this method works.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * const client: IoRedisLikeClient = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false })
 * ```
 */
export interface IoRedisLikeClient {
  /** Sends one command (the tracker sends only `EVALSHA` and `EVAL`) and resolves with Redis's reply. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * Per-command options of node-redis that {@link RedisTracker} passes, so a wrapper around node-redis needs to pass
 * on no more than these: an abort signal for operations that may be dropped when they time out before they were
 * sent, and `timeout: undefined` for releases, `finish` and `remove`, which must stay queued until they are sent.
 *
 * @example
 * ```ts
 * const wrapped: NodeRedisLikeClient = {
 *   sendCommand: (args, options?: NodeRedisCommandOptions) => metrics.time(() => redis.sendCommand(args, options)),
 * }
 * ```
 */
export interface NodeRedisCommandOptions {
  /** Drops the command from node-redis's queue if it was not sent before the tracker gave up on it. */
  abortSignal?: AbortSignal;
  /**
   * node-redis's own limit, in ms, on how long a command may wait unsent in its queue (`commandOptions.timeout`;
   * 5000 by default since node-redis 6) before it is dropped. Releases, `finish` and `remove` are sent with
   * `timeout: undefined`, so they stay queued however long the connection is busy or reconnecting: a release
   * dropped unsent would leave the lock a late `acquireLock` took (the user locked out for `lockTtl`). The
   * caller still gets its answer within the tracker's `timeout`; the command alone waits. With node-redis's
   * offline queue on (its default), every start refused during an outage leaves one such release (under 1 KB)
   * queued until Redis is back, at most 50,000 per tracker (later ones are dropped unsent, which may leave a
   * number locked until `lockTtl`): `disableOfflineQueue: true` refuses them at once instead.
   */
  timeout?: number | undefined;
}

/**
 * The part of a node-redis (`redis` v5 or later) client that {@link RedisTracker} uses: `sendCommand` takes the
 * command and its arguments as one array of strings. The SDK never imports `redis`.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * const client: NodeRedisLikeClient = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect()
 * ```
 */
export interface NodeRedisLikeClient {
  /** Sends one command given as `[name, ...args]` and resolves with Redis's reply. */
  sendCommand(args: string[], options?: NodeRedisCommandOptions): Promise<unknown>;
}

/**
 * The part of an `@upstash/redis` client (Redis over HTTP, for serverless and edge runtimes) that
 * {@link RedisTracker} uses: `evalsha` and `eval`, each taking the script (or its SHA-1), the keys and the
 * arguments. The SDK never imports `@upstash/redis`. The client's defaults are fine, automatic JSON
 * deserialization included: the tracker's scripts return nothing that `JSON.parse` would change.
 *
 * @example
 * ```ts
 * import { Redis } from '@upstash/redis'
 * const client: UpstashRedisLikeClient = new Redis({ url: process.env.UPSTASH_REDIS_REST_URL!, token: process.env.UPSTASH_REDIS_REST_TOKEN! })
 * ```
 */
export interface UpstashRedisLikeClient {
  /** Runs a script loaded in Redis by its SHA-1 (`EVALSHA`); rejects with an error whose message has `NOSCRIPT` when it is not loaded. */
  evalsha(sha1: string, keys: string[], args: string[]): Promise<unknown>;
  /** Runs a script from its source (`EVAL`), which also loads it for later `evalsha` calls. */
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
}

/**
 * Any of the three client shapes, told apart by their methods: `call` is ioredis (whose clients also have
 * `eval` and a `sendCommand` taking a Command object), else `sendCommand` is node-redis, else `evalsha` and
 * `eval` taking arrays is `@upstash/redis`.
 *
 * @example
 * ```ts
 * const tracker = new RedisTracker({ client: ioredisOrNodeRedisOrUpstashClient })
 * ```
 */
export type RedisLikeClient = IoRedisLikeClient | NodeRedisLikeClient | UpstashRedisLikeClient;

/**
 * What the tracker needs from any client: run a Lua script, by SHA-1 or by source, with keys and arguments.
 * `signal`, when given, may drop the command from the client's queue if it was not sent yet.
 *
 * @internal
 */
export interface ScriptTransport {
  evalsha(sha1: string, keys: string[], args: string[], signal: AbortSignal | undefined): Promise<unknown>;
  eval(source: string, keys: string[], args: string[], signal: AbortSignal | undefined): Promise<unknown>;
}

/**
 * The {@link ScriptTransport} for an ioredis, node-redis or `@upstash/redis` client.
 *
 * @throws {TypeError} when `client` has none of `call`, `sendCommand`, or `evalsha` and `eval`.
 * @internal
 */
export function scriptTransportFor(client: unknown): ScriptTransport {
  if (typeof client === 'object' && client !== null) {
    const candidate = client as Partial<IoRedisLikeClient & NodeRedisLikeClient & UpstashRedisLikeClient>;
    if (typeof candidate.call === 'function') {
      const io = client as IoRedisLikeClient;
      // ioredis cannot take a queued command back; the signal is ignored.
      return commandTransport(([name = '', ...args]) => io.call(name, ...args));
    }
    if (typeof candidate.sendCommand === 'function') {
      const nodeRedis = client as NodeRedisLikeClient;
      // No signal: the command must run however late (see Delivery in scriptRunner.ts), so node-redis's own
      // queue timeout is lifted for it too; with one, node-redis may drop it unsent, as the tracker asks.
      return commandTransport((command, signal) =>
        nodeRedis.sendCommand(command, signal === undefined ? { timeout: undefined } : { abortSignal: signal }),
      );
    }
    if (typeof candidate.evalsha === 'function' && typeof candidate.eval === 'function') {
      return upstashTransport(client as UpstashRedisLikeClient);
    }
  }
  throw new TypeError(
    'RedisTracker: `client` must be an ioredis client (with a `call` method), a node-redis client (with a ' +
      '`sendCommand` method) or an @upstash/redis client (with `evalsha` and `eval`), e.g. `new Redis(url)` from ' +
      "'ioredis', `createClient({ url })` from 'redis', or `new Redis({ url, token })` from '@upstash/redis'.",
  );
}

type Sender = (command: string[], signal: AbortSignal | undefined) => Promise<unknown>;

function commandTransport(send: Sender): ScriptTransport {
  return {
    evalsha: (sha1, keys, args, signal) => send(['EVALSHA', sha1, String(keys.length), ...keys, ...args], signal),
    eval: (source, keys, args, signal) => send(['EVAL', source, String(keys.length), ...keys, ...args], signal),
  };
}

/**
 * `@upstash/redis` sends each command as one HTTPS request (or several in one, when its auto-pipelining batches
 * calls made in the same tick); it takes no per-command signal, so the signal is ignored. Its errors append the
 * whole request body (`…, command was: [["EVALSHA", …]]`), which holds our arguments and, in a batch, those of
 * other sign-ins: that part is cut off here, before the runner scrubs what is left.
 */
function upstashTransport(client: UpstashRedisLikeClient): ScriptTransport {
  return {
    evalsha: (sha1, keys, args) => withoutEcho(() => client.evalsha(sha1, keys, args)),
    eval: (source, keys, args) => withoutEcho(() => client.eval(source, keys, args)),
  };
}

const COMMAND_ECHO = /,? ?command was:/;

async function withoutEcho(send: () => Promise<unknown>): Promise<unknown> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const echo = error.message.search(COMMAND_ECHO);
    if (echo < 0) throw error;
    const cut = new Error(error.message.slice(0, echo));
    cut.name = error.name;
    throw cut;
  }
}
