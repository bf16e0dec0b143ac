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
  /** Sends one command (`EVAL`, `HMGET`, …) with its arguments and resolves with Redis's reply. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * Per-command options of node-redis that {@link RedisTracker} passes: only the abort signal, so a wrapper around
 * node-redis needs to accept no more than this.
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

/** Runs one command and resolves with its raw reply; rejects with an Error safe to log. @internal */
export type CommandRunner = (operation: string, command: string[]) => Promise<unknown>;

/**
 * Wraps a client so every command is bounded by `timeoutMs` and fails with a plain Error whose message holds
 * no argument: ioredis's ReplyError keeps `command.args` (our Lua args: request JSON, access token), and
 * clients are free to quote arguments in messages.
 *
 * @throws {TypeError} when `client` has neither `call` nor `sendCommand`.
 * @internal
 */
export function createCommandRunner(client: unknown, timeoutMs: number): CommandRunner {
  const send = senderFor(client);
  return (operation, command) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new Error(
            `RedisTracker.${operation}: Redis did not answer within ${timeoutMs} ms. Check that Redis is reachable; ` +
              'disable the client offline queue (ioredis `enableOfflineQueue: false`, node-redis ' +
              '`disableOfflineQueue: true`) so commands fail at once while disconnected.',
          ),
        );
      }, timeoutMs);
    });
    let sent: Promise<unknown>;
    try {
      sent = Promise.resolve(send(command, controller.signal));
    } catch (error) {
      sent = Promise.reject(error);
    }
    const answered = sent.catch((error: unknown) => {
      throw sanitized(operation, error, command);
    });
    // race() subscribes to both, so a late rejection after a timeout is handled, never "unhandled".
    return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer));
  };
}

type Sender = (command: string[], signal: AbortSignal) => Promise<unknown>;

function senderFor(client: unknown): Sender {
  if (typeof client === 'object' && client !== null) {
    const candidate = client as Partial<IoRedisLikeClient & NodeRedisLikeClient>;
    if (typeof candidate.call === 'function') {
      const io = client as IoRedisLikeClient;
      return ([name = '', ...args]) => io.call(name, ...args);
    }
    if (typeof candidate.sendCommand === 'function') {
      const nodeRedis = client as NodeRedisLikeClient;
      return (command, signal) => nodeRedis.sendCommand(command, { abortSignal: signal });
    }
  }
  throw new TypeError(
    'RedisTracker: `client` must be an ioredis client (with a `call` method) or a node-redis client ' +
      "(with a `sendCommand` method), e.g. `new Redis(url)` from 'ioredis' or `createClient({ url })` from 'redis'.",
  );
}

/** A plain Error with the client's error name and message, minus every argument we sent and every string in them. */
function sanitized(operation: string, error: unknown, command: string[]): Error {
  const name = error instanceof Error ? error.name : 'Error';
  let message = error instanceof Error ? error.message : 'non-error value thrown';
  for (const secret of secretsIn(command)) message = message.split(secret).join('[REDACTED]');
  const firstLine = message.split('\n', 1)[0] ?? '';
  const short = firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
  const safe = new Error(`RedisTracker.${operation}: the Redis client failed (${name}: ${short})`);
  const { code } = (error ?? {}) as { code?: unknown };
  if (typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code)) (safe as Error & { code: string }).code = code;
  return safe;
}

/** The arguments after the command name, and the string values inside the JSON ones, longest first. */
function secretsIn(command: string[]): string[] {
  const found = new Set<string>();
  for (const arg of command.slice(1)) {
    found.add(arg);
    if (arg.startsWith('{')) {
      try {
        collectStrings(JSON.parse(arg), found);
      } catch {
        // Not JSON after all; the whole argument is already listed.
      }
    }
  }
  // Short strings ('1', 'request') would shred harmless words; what is worth hiding is longer than that.
  return [...found].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) collectStrings(member, into);
  }
}
