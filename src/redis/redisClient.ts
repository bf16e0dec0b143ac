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
 * Per-command options of node-redis that {@link RedisTracker} passes: only the abort signal, so a wrapper around
 * node-redis needs to accept no more than this. The tracker passes it only for operations that may be dropped
 * when they time out before they were sent; releases and finishes never get one, so they stay queued.
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
 * Either client shape. ioredis clients also have a `sendCommand` (taking a Command object), so a client with
 * `call` is treated as ioredis.
 *
 * @example
 * ```ts
 * const tracker = new RedisTracker({ client: ioredisOrNodeRedisClient })
 * ```
 */
export type RedisLikeClient = IoRedisLikeClient | NodeRedisLikeClient;

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
 * The {@link ScriptTransport} for an ioredis or node-redis client.
 *
 * @throws {TypeError} when `client` has neither `call` nor `sendCommand`.
 * @internal
 */
export function scriptTransportFor(client: unknown): ScriptTransport {
  const send = senderFor(client);
  return {
    evalsha: (sha1, keys, args, signal) => send(['EVALSHA', sha1, String(keys.length), ...keys, ...args], signal),
    eval: (source, keys, args, signal) => send(['EVAL', source, String(keys.length), ...keys, ...args], signal),
  };
}

type Sender = (command: string[], signal: AbortSignal | undefined) => Promise<unknown>;

function senderFor(client: unknown): Sender {
  if (typeof client === 'object' && client !== null) {
    const candidate = client as Partial<IoRedisLikeClient & NodeRedisLikeClient>;
    if (typeof candidate.call === 'function') {
      const io = client as IoRedisLikeClient;
      // ioredis cannot take a queued command back; the signal is ignored.
      return ([name = '', ...args]) => io.call(name, ...args);
    }
    if (typeof candidate.sendCommand === 'function') {
      const nodeRedis = client as NodeRedisLikeClient;
      return (command, signal) =>
        signal === undefined ? nodeRedis.sendCommand(command) : nodeRedis.sendCommand(command, { abortSignal: signal });
    }
  }
  throw new TypeError(
    'RedisTracker: `client` must be an ioredis client (with a `call` method) or a node-redis client ' +
      "(with a `sendCommand` method), e.g. `new Redis(url)` from 'ioredis' or `createClient({ url })` from 'redis'.",
  );
}
