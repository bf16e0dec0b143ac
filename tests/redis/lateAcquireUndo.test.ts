// The undo of a lock acquisition that timed out (src/lifecycle/numberLock.ts) on a real redis-server, with each
// client library's DEFAULT options, as `npm run test:load` and the quick start use them. The acquire runs late;
// the compare-and-delete sent after it must run after it, however long it waits to be sent:
// - behind a busy connection (the socket's buffers full, other users' commands queued ahead of the undo), as
//   when 10,000 sign-ins start at once on a starved machine;
// - in the offline queue, while the client reconnects.
// node-redis 6 drops a command that waited unsent for 5 s (its default `commandOptions.timeout`): before the fix
// the undo was dropped while the late acquire ran, and the number stayed locked for `lockTtl`.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { TrackerError } from '../../src/errors/lifecycleErrors.js';
import { acquireNumberLock, numberLockKey } from '../../src/lifecycle/numberLock.js';
import { type RedisLikeClient, RedisTracker } from '../../src/redis/index.js';
import { ALL_SCRIPTS } from '../../src/redis/scripts.js';
import { ioredisClient, type TestClient } from '../support/redisClients.js';
import { eventually, newId, rejectionOf, sleep } from '../support/redisFaults.js';
import { type RedisProxy, startRedisProxy } from '../support/redisProxy.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const LONG = 60_000;
/** node-redis 6's default `commandOptions.timeout`: how long it keeps a command unsent before dropping it. */
const NODE_REDIS_QUEUE_TIMEOUT = 5_000;
/** Enough to fill the socket buffers between the client and the holding proxy. */
const FILLER = 'x'.repeat(16 * 1024 * 1024);

type Library = 'ioredis' | 'node-redis';
const LIBRARIES: Library[] = ['ioredis', 'node-redis'];

/** A client with its library's default options, and a raw command for the test's own traffic on it. */
interface DefaultClient {
  client: RedisLikeClient;
  send(args: string[]): Promise<unknown>;
  close(): void;
}

async function defaultClient(library: Library, port: number): Promise<DefaultClient> {
  if (library === 'ioredis') {
    const client = new Redis({ host: '127.0.0.1', port });
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    return { client, send: ([name = '', ...args]) => client.call(name, ...args), close: () => client.disconnect() };
  }
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => {});
  await client.connect();
  return { client, send: (args) => client.sendCommand(args), close: () => client.destroy() };
}

/** The client, calling `onEvalsha` right after it handed an `EVALSHA` (every call but the undo) to the library. */
function announcing(client: RedisLikeClient, onEvalsha: () => void): RedisLikeClient {
  if ('call' in client) {
    return {
      call: (name, ...args) => {
        const reply = client.call(name, ...args);
        if (name === 'EVALSHA') onEvalsha();
        return reply;
      },
    };
  }
  if ('sendCommand' in client) {
    return {
      sendCommand: (args, options) => {
        const reply = client.sendCommand(args, options);
        if (args[0] === 'EVALSHA') onEvalsha();
        return reply;
      },
    };
  }
  throw new TypeError('not an ioredis or node-redis client');
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.runIf(shouldRunRedisSuites())('the undo of a lock acquisition that ran late, with default clients', () => {
  let server: RedisServer;
  let admin: TestClient<RedisLikeClient>;
  const opened: DefaultClient[] = [];
  const proxies: RedisProxy[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    admin = await ioredisClient(server.port);
    // As in production after the first sign-in: Redis has the scripts.
    for (const script of ALL_SCRIPTS) await admin.command(['SCRIPT', 'LOAD', script.source]);
  });

  afterAll(async () => {
    for (const client of opened) client.close();
    for (const proxy of proxies) await proxy.close();
    admin?.close();
    await server?.stop();
  });

  async function throughProxy(library: Library): Promise<{ proxy: RedisProxy; connection: DefaultClient }> {
    const proxy = await startRedisProxy(server.port);
    proxies.push(proxy);
    const connection = await defaultClient(library, proxy.port);
    opened.push(connection);
    return { proxy, connection };
  }

  async function lockExists(prefix: string, key: string): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest('hex');
    return (await admin.command(['EXISTS', `${prefix}lock:${digest}`])) === 1;
  }

  // The libraries run side by side: each test mostly waits out node-redis's queue timeout.
  it.concurrent.for(LIBRARIES)(
    'frees the number when the undo waits behind a busy connection longer than the client keeps commands (%s)',
    { timeout: 30_000 },
    async (library, { expect }) => {
      const { proxy, connection } = await throughProxy(library);
      const prefix = `{busy-${newId('p')}}:`;
      let othersArrive: (() => void) | undefined;
      const client = announcing(connection.client, () => {
        const arrive = othersArrive;
        othersArrive = undefined;
        // After the library's own write of this turn: the acquire is on the wire, the others queue behind it.
        if (arrive !== undefined) setImmediate(arrive);
      });
      const tracker = new RedisTracker({ client, prefix, timeout: 300 });
      const [phone, control] = [newId('number'), `phone:${newId('control')}`];

      // Redis stops reading this connection; a large command fills the socket's buffers.
      proxy.holdRequests();
      connection.send(['SET', `${prefix}filler`, FILLER]).catch(() => {});
      await nextTurn();
      await nextTurn();
      // An acquire nobody undoes: shows that what went on the wire runs once Redis reads again.
      await expect(tracker.acquireLock(control, 'owner-control', LONG)).rejects.toThrow(/did not answer/);
      // The start: its acquire goes on the wire; other users' commands queue behind it; it times out, and its
      // undo queues behind theirs.
      othersArrive = () => {
        for (let i = 0; i < 50; i++) connection.send(['PING']).catch(() => {});
      };
      const error = await rejectionOf(acquireNumberLock(tracker, phone, LONG));
      expect(error).toBeInstanceOf(TrackerError);
      // Longer than node-redis keeps an unsent command by default.
      await sleep(NODE_REDIS_QUEUE_TIMEOUT + 500);

      proxy.release();
      // One answered call on this connection: everything queued before it has run or been dropped.
      await eventually(() => tracker.get(newId('probe')), 10_000);

      expect(await lockExists(prefix, control)).toBe(true);
      expect(await lockExists(prefix, numberLockKey(phone))).toBe(false);
    },
  );

  it.concurrent.for(LIBRARIES)(
    'frees the number when the acquire ran, the connection dropped before its reply, and the undo waited out the outage (%s)',
    { timeout: 30_000 },
    async (library, { expect }) => {
      const { proxy, connection } = await throughProxy(library);
      const prefix = `{offline-${newId('p')}}:`;
      // Long enough that the connection drops before the tracker gives up on the acquire.
      const tracker = new RedisTracker({ client: connection.client, prefix, timeout: 2_000 });
      const phone = newId('number');

      proxy.holdReplies();
      const start = rejectionOf(acquireNumberLock(tracker, phone, LONG));
      // The acquire ran; its reply is held.
      await eventually(async () => {
        if (!(await lockExists(prefix, numberLockKey(phone)))) throw new Error('the acquire has not run yet');
      });
      await proxy.cut();
      const cutAt = Date.now();
      expect(await start).toBeInstanceOf(TrackerError);
      // The undo waits in the offline queue for longer than node-redis keeps an unsent command by default.
      await sleep(NODE_REDIS_QUEUE_TIMEOUT + 500 - (Date.now() - cutAt));

      proxy.release();
      await proxy.restore();
      await eventually(() => tracker.get(newId('probe')), 10_000);

      expect(await lockExists(prefix, numberLockKey(phone))).toBe(false);
    },
  );
});
