// RedisTracker and PostgresTracker share one key ring (src/internal/keyRing.ts), and a key must mean the same
// thing in both stores and in every version that shares them. Two things pin that: the ring against the scheme
// written a second time with node:crypto (tests/support/keyRingReference.ts), and each tracker reading values
// the OTHER tracker stored, copied byte for byte between a real redis-server and a real PostgreSQL.
import { randomBytes } from 'node:crypto';
import type { PendingRequest, SignInOutcome } from 'truecaller-web-login';
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { RedisTracker } from 'truecaller-web-login/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyRing } from '../../src/internal/keyRing.js';
import { referenceLockDigest, referenceOpen, referenceSeal } from '../support/keyRingReference.js';
import { pgPool, type TestSqlClient } from '../support/postgresClients.js';
import { type PostgresServer, shouldRunPostgresSuites, startPostgresServer } from '../support/postgresServer.js';
import { ioredisClient, type TestClient } from '../support/redisClients.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const newKey = () => randomBytes(32).toString('base64');
const PHONE = '919876543210';
const LOCK_KEY = `phone:${PHONE}`;
const TOKEN = 'ACCESS-TOKEN-5e4f3a2b1c0d9a8b7c6d';
const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: TOKEN };
const JSON_VALUE = JSON.stringify({ requestId: 'rq-1', state: 'ünïcødé 🔐', createdAt: 1 });

function request(owner: string): PendingRequest {
  const requestId = `rq-${crypto.randomUUID()}`;
  return { requestId, phoneNumber: PHONE, state: 'state-ü', createdAt: Date.now(), lock: { key: LOCK_KEY, owner } };
}

describe('the key ring, held against the documented scheme', () => {
  it('opens what the reference sealed, and the reference opens what it seals, bound to field and requestId', async () => {
    const key = newKey();
    const ring = createKeyRing(key, 'RedisTracker');

    await expect(ring.open(referenceSeal(key, JSON_VALUE, 'request', 'rq-1'), 'request', 'rq-1', 'get')).resolves.toBe(
      JSON_VALUE,
    );
    const sealed = await ring.seal(JSON_VALUE, 'outcome', 'rq-1');
    expect(referenceOpen(key, sealed, 'outcome', 'rq-1')).toBe(JSON_VALUE);
    expect(() => referenceOpen(key, sealed, 'request', 'rq-1')).toThrow();
    expect(() => referenceOpen(key, sealed, 'outcome', 'rq-2')).toThrow();
  });

  it('names locks as the reference does: HMAC under every key of a rotation list, SHA-256 without a key', async () => {
    const [key, older] = [newKey(), newKey()];

    await expect(createKeyRing([key, older], 'PostgresTracker').lockDigests(LOCK_KEY)).resolves.toEqual([
      referenceLockDigest(key, LOCK_KEY),
      referenceLockDigest(older, LOCK_KEY),
    ]);
    await expect(createKeyRing(undefined, 'RedisTracker').lockDigests(LOCK_KEY)).resolves.toEqual([
      referenceLockDigest(undefined, LOCK_KEY),
    ]);
  });

  it('never shows the plaintext in a sealed value, and seals the same value differently each time', async () => {
    const ring = createKeyRing(newKey(), 'PostgresTracker');

    const [first, second] = [
      await ring.seal(JSON_VALUE, 'request', 'rq-1'),
      await ring.seal(JSON_VALUE, 'request', 'rq-1'),
    ];

    expect(first).toMatch(/^tcenc1\.[0-9a-f]{8}\.[A-Za-z0-9+/]+=*$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('rq-1');
  });

  it('names the tracker and the operation in its messages', async () => {
    const sealed = await createKeyRing(newKey(), 'RedisTracker').seal(JSON_VALUE, 'request', 'rq-1');

    await expect(createKeyRing(newKey(), 'PostgresTracker').open(sealed, 'request', 'rq-1', 'claim')).rejects.toThrow(
      /^PostgresTracker\.claim: the stored request does not decrypt/,
    );
    await expect(createKeyRing(undefined, 'RedisTracker').open(sealed, 'request', 'rq-1', 'get')).rejects.toThrow(
      /^RedisTracker\.get: the stored request is encrypted, but this RedisTracker has no `encryptionKey`/,
    );
    expect(() => createKeyRing('not a key', 'PostgresTracker')).toThrow(/^PostgresTracker: `encryptionKey` must be/);
  });
});

describe.runIf(shouldRunRedisSuites() && shouldRunPostgresSuites())(
  'values one store holds, read by the other tracker',
  () => {
    let redis: RedisServer;
    let postgres: PostgresServer;
    let io: TestClient<unknown>;
    let db: TestSqlClient;
    const key = newKey();
    const prefix = `{keyring-${crypto.randomUUID()}}:`;
    const table = `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
    let onRedis: RedisTracker;
    let onPostgres: PostgresTracker;

    beforeAll(async () => {
      [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
      io = await ioredisClient(redis.port);
      db = pgPool(postgres.url);
      onRedis = new RedisTracker({ client: io.client as never, prefix, encryptionKey: key });
      onPostgres = new PostgresTracker({ client: db.client, table, encryptionKey: [newKey(), key] });
      await onPostgres.ensureSchema();
    });
    afterAll(async () => {
      io?.close();
      await db?.close();
      await Promise.all([redis?.stop(), postgres?.destroy()]);
    });

    it('PostgresTracker reads a request, its outcome and its lock that RedisTracker stored', async () => {
      const pending = request('owner-redis');
      await onRedis.acquireLock(LOCK_KEY, 'owner-redis', 60_000);
      await onRedis.register(pending, 60_000);
      await onRedis.settle(pending.requestId, AUTHORIZED);
      const [stored, lockDigest] = [
        (await io.command(['HMGET', `${prefix}req:${pending.requestId}`, 'request', 'outcome'])) as string[],
        referenceLockDigest(key, LOCK_KEY),
      ];
      const [storedRequest = '', storedOutcome = ''] = stored;
      expect(referenceOpen(key, storedRequest, 'request', pending.requestId)).toBe(JSON.stringify(pending));
      await expect(io.command(['GET', `${prefix}lock:${lockDigest}`])).resolves.toBe('owner-redis');

      await db.query(
        `INSERT INTO "${table}" (request_id, request, outcome, lock_keys, lock_owner, expires_at)
       VALUES ($1, $2, $3, $4, 'owner-redis', now() + interval '1 minute')`,
        [pending.requestId, storedRequest, storedOutcome, lockDigest],
      );
      await db.query(
        `INSERT INTO "${table}_locks" (key, owner, expires_at) VALUES ($1, 'owner-redis', now() + interval '1 minute')`,
        [lockDigest],
      );

      await expect(onPostgres.get(pending.requestId)).resolves.toStrictEqual({ request: pending, outcome: AUTHORIZED });
      await expect(onPostgres.acquireLock(LOCK_KEY, 'someone-else', 60_000)).resolves.toMatchObject({
        acquired: false,
      });
      await expect(onPostgres.remove(pending.requestId)).resolves.toStrictEqual({
        request: pending,
        outcome: AUTHORIZED,
      });
      await expect(onPostgres.acquireLock(LOCK_KEY, 'someone-else', 60_000)).resolves.toEqual({ acquired: true });
    });

    it('RedisTracker reads a request and its outcome that PostgresTracker stored under the same key', async () => {
      const postgresOnOldKey = new PostgresTracker({ client: db.client, table, encryptionKey: key });
      const pending = request('owner-postgres');
      await postgresOnOldKey.register(pending, 60_000);
      await postgresOnOldKey.settle(pending.requestId, AUTHORIZED);
      const [row] = await db.query(`SELECT request, outcome FROM "${table}" WHERE request_id = $1`, [
        pending.requestId,
      ]);
      const [storedRequest, storedOutcome] = [String(row?.request), String(row?.outcome)];
      expect(referenceOpen(key, storedOutcome, 'outcome', pending.requestId)).toBe(JSON.stringify(AUTHORIZED));

      const requestKey = `${prefix}req:${pending.requestId}`;
      await io.command(['HSET', requestKey, 'request', storedRequest, 'outcome', storedOutcome]);
      await io.command(['PEXPIRE', requestKey, '60000']);

      await expect(onRedis.get(pending.requestId)).resolves.toStrictEqual({ request: pending, outcome: AUTHORIZED });
    });
  },
);
