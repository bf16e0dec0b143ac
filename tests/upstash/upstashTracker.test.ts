// What RedisTracker promises over @upstash/redis beyond the shared contract (upstashConformance.test.ts) and
// the reply scheme (upstashDeserialization.test.ts): the client is recognised by its shape, lost scripts are
// reloaded, a server that never answers fails closed within `timeout`, and the client's error messages, which
// echo the whole request body (of every call batched with ours), reach nobody's logs with a value in them.
// The stand-in is the HTTP layer only: a loopback server speaking Upstash's documented REST protocol in front of
// a real redis-server (tests/support/upstashRestServer.ts).
import { createServer, type Server, type Socket } from 'node:net';
import type { PendingRequest } from 'truecaller-web-login';
import { RedisTracker, type UpstashRedisLikeClient } from 'truecaller-web-login/redis';
import { describe, expect, it } from 'vitest';
import { GET } from '../../src/redis/scripts.js';
import { everythingIn, newId, rejectionOf } from '../support/redisFaults.js';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { upstashClient } from '../support/upstashClients.js';
import type { UpstashRestServer } from '../support/upstashRestServer.js';
import { useUpstashStandIn } from '../support/upstashStandIn.js';

const PHONE = '919876543210';
const STATE = 'STATE-"quoted"-5b4a69788796a5b4';

function pending(requestId: string, state = STATE): PendingRequest {
  return { requestId, phoneNumber: PHONE, state, createdAt: Date.now(), lock: { key: `phone:${PHONE}`, owner: 'o' } };
}

describe.runIf(shouldRunRedisSuites())('RedisTracker over @upstash/redis', () => {
  const { redis, upstash } = useUpstashStandIn();

  it('takes the client as it comes (auto-pipelining proxy and all), and a wrapper with evalsha and eval', async () => {
    const client = upstashClient(upstash);
    const calls: string[] = [];
    const wrapper: UpstashRedisLikeClient = {
      evalsha: (sha1, keys, args) => {
        calls.push('evalsha');
        return client.evalsha(sha1, keys, args);
      },
      eval: (script, keys, args) => {
        calls.push('eval');
        return client.eval(script, keys, args);
      },
    };
    const request = pending(newId('shape'));

    await new RedisTracker({ client }).register(request, 60_000);

    const wrapped = new RedisTracker({ client: wrapper });

    await expect(wrapped.get(request.requestId)).resolves.toStrictEqual({ request });
    await expect(wrapped.get(request.requestId)).resolves.toStrictEqual({ request });
    // The first get finds its script not loaded yet (NOSCRIPT) and sends it; the second runs it by SHA-1.
    expect(calls).toEqual(['evalsha', 'eval', 'evalsha']);
  });

  it('reloads its scripts with EVAL when Redis has forgotten them (NOSCRIPT), then runs them by SHA-1 again', async () => {
    const client = upstashClient(upstash);
    const tracker = new RedisTracker({ client });
    const request = pending(newId('noscript'));
    await tracker.register(request, 60_000);

    await client.scriptFlush();

    await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
    await expect(client.scriptExists(GET.sha1)).resolves.toEqual([1]);
  });

  it('rejects within `timeout` when the REST endpoint accepts the connection and never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const client = upstashClient({ ...upstash, url: `http://127.0.0.1:${port}` } as UpstashRestServer);
      const tracker = new RedisTracker({ client, timeout: 200 });

      const error = await rejectionOf(tracker.acquireLock(`phone:${PHONE}`, 'owner', 60_000));

      expect(error.message).toMatch(/^RedisTracker\.acquireLock: Redis did not answer within 200 ms/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  // Last: these stop the redis-server behind the stand-in, which then answers 500 to every command.
  describe('when Redis behind the REST API is down', () => {
    it('rejects with the HTTP error but without the request body the client appends to it', async () => {
      const client = upstashClient(upstash, { enableAutoPipelining: false });
      const tracker = new RedisTracker({ client, prefix: '{scrub}:' });
      const request = pending(newId('scrub'));
      await redis.stop();
      try {
        const error = await rejectionOf(tracker.register(request, 60_000));

        expect(error.message).toMatch(/^RedisTracker\.register: the Redis client failed \(UpstashError: ERR /);
        const shown = everythingIn(error);
        for (const secret of [PHONE, 'STATE-', request.requestId, 'command was', 'EVALSHA']) {
          expect(shown).not.toContain(secret);
        }
      } finally {
        await redis.start();
      }
    });

    it("never shows one sign-in's values in the error of another batched with it (auto-pipelining)", async () => {
      const client = upstashClient(upstash);
      const [mine, theirs] = [new RedisTracker({ client }), new RedisTracker({ client, prefix: '{other-app}:' })];
      const theirRequestId = newId('their-request');
      await redis.stop();
      try {
        // Same tick: the client sends both scripts in one /pipeline request, and its error quotes both.
        const [, error] = await Promise.all([
          rejectionOf(theirs.get(theirRequestId)),
          rejectionOf(mine.get(newId('my-request'))),
        ]);

        expect(error.message).toMatch(/^RedisTracker\.get: the Redis client failed/);
        const shown = everythingIn(error);
        for (const secret of [theirRequestId, 'other-app', 'command was']) expect(shown).not.toContain(secret);
      } finally {
        await redis.start();
      }
    });
  });
});
