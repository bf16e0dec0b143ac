import { storeFailure } from '../internal/scrub.js';
import type { ScriptTransport } from './redisClient.js';
import type { LuaScript } from './scripts.js';

/**
 * What happens to a command the tracker gave up on (its `timeout` passed before the reply came):
 *
 * - `'drop-if-unsent'`: the caller is told the operation failed, so it should not happen later. A command
 *   still in node-redis's queue is taken out (abort signal), and a `NOSCRIPT` reply that arrives after the
 *   timeout is not followed by the `EVAL` fallback (`NOSCRIPT` means the script did not run). Used for
 *   operations that take or write something: acquireLock, register, settle, claim, park, unpark, get.
 * - `'keep-queued'`: the operation must still happen, so it stays in the client's queue (no abort signal, and
 *   node-redis's own queue timeout, 5 s by default since node-redis 6, lifted with `timeout: undefined`) and
 *   is sent as `EVAL` with the script's source, never `EVALSHA`: one round trip even when Redis has lost its
 *   scripts, so it never waits for a `NOSCRIPT` reply before it is sent for real. Used for operations that only
 *   free or end something (releaseLock, finish, remove): a release issued after an ambiguous acquireLock runs
 *   after it, in the order the connection sends commands, and frees the lock the late acquire took.
 *
 * A command already written to the socket can run whatever the mode; no client can take it back.
 *
 * @internal
 */
export type Delivery = 'drop-if-unsent' | 'keep-queued';

/**
 * Runs one tracker operation as one script and resolves with its raw reply; rejects with an Error safe to log.
 *
 * @internal
 */
export type ScriptRunner = (
  operation: string,
  script: LuaScript,
  keys: string[],
  args: string[],
  delivery: Delivery,
) => Promise<unknown>;

/**
 * Wraps a transport so every operation is one script: `EVALSHA` (then `EVAL` if Redis answers `NOSCRIPT`, which
 * also loads the script for next time), or `EVAL` for `'keep-queued'` operations; bounded by `timeout`, failing with a plain Error whose message holds no
 * argument: ioredis's ReplyError keeps `command.args` (our script arguments: request JSON, access token), and
 * clients are free to quote arguments in messages.
 *
 * The command is handed to the client synchronously, in the call: two operations started one after the other
 * reach Redis in that order on one connection.
 *
 * @internal
 */
export function createScriptRunner(
  transport: ScriptTransport,
  timeout: number,
  maxKeptQueued = MAX_KEPT_QUEUED,
): ScriptRunner {
  /** `'keep-queued'` operations sent and not answered yet. */
  let keptQueued = 0;
  return (operation, script, keys, args, requested) => {
    const delivery = requested === 'keep-queued' && keptQueued >= maxKeptQueued ? 'drop-if-unsent' : requested;
    const controller = delivery === 'drop-if-unsent' ? new AbortController() : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gaveUp = false;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        controller?.abort();
        reject(
          new Error(
            `RedisTracker.${operation}: Redis did not answer within ${timeout} ms. Check that Redis is reachable; ` +
              'disable the client offline queue (ioredis `enableOfflineQueue: false`, node-redis ' +
              '`disableOfflineQueue: true`) so commands fail at once while disconnected.',
          ),
        );
      }, timeout);
    });
    const signal = controller?.signal;
    const sent =
      delivery === 'keep-queued'
        ? // One round trip even when Redis has lost its scripts (after a restart or failover): an EVAL fallback
          // sent only after a NOSCRIPT reply could run after the user's retry, or after its timeout.
          keepQueued(() => transport.eval(script.source, keys, args, undefined))
        : attempt(() => transport.evalsha(script.sha1, keys, args, signal)).catch((error: unknown) => {
            if (!isNoScript(error) || gaveUp) throw error;
            return transport.eval(script.source, keys, args, signal);
          });
    const answered = sent.catch((error: unknown) => {
      throw storeFailure('RedisTracker', 'Redis', operation, error, [...keys, ...args]);
    });
    // race() subscribes to both, so a late rejection after a timeout is handled, never "unhandled".
    return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer));
  };

  function keepQueued(send: () => Promise<unknown>): Promise<unknown> {
    keptQueued += 1;
    const sent = attempt(send);
    const done = () => {
      keptQueued -= 1;
    };
    sent.then(done, done);
    return sent;
  }
}

/**
 * Most `'keep-queued'` operations waiting for their reply at once, per tracker. Each one a refused start leaves
 * in a client's offline queue while Redis is unreachable (under 1 KB), so without a bound a flood of starts during
 * an outage would grow memory until Redis is back. Past it, further ones are sent as `'drop-if-unsent'`: memory
 * stays bounded, at the price that such a release, if dropped after an acquire that did run, leaves that number
 * locked until its `lockTtl`.
 *
 * @internal
 */
export const MAX_KEPT_QUEUED = 50_000;

/** Calls `send` now, turning a synchronous throw into a rejection. */
function attempt(send: () => Promise<unknown>): Promise<unknown> {
  try {
    return Promise.resolve(send());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Redis's answer to EVALSHA for a script it does not have (never loaded, or flushed by a restart). ioredis and
 * node-redis put Redis's `NOSCRIPT …` first in the message; other clients may wrap it, so it is matched as a word.
 */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && /\bNOSCRIPT\b/.test(error.message);
}
