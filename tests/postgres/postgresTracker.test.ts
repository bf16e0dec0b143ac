// What PostgresTracker promises beyond the shared contract: its options, its DDL, what the tables hold with
// and without an encryptionKey, key rotation, sweeping expired rows, one statement per operation, timeouts,
// and failing closed on rows it did not write. A real PostgreSQL cluster is started here; only the tests of
// option validation and error scrubbing use hand-written client shapes.
import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import pg from 'pg';
import type { PendingRequest, SignInOutcome } from 'truecaller-web-login';
import { type PgLikeClient, PostgresTracker, postgresTrackerSchema } from 'truecaller-web-login/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, pgPool, postgresJs, type TestSqlClient } from '../support/postgresClients.js';
import { type PostgresServer, shouldRunPostgresSuites, startPostgresServer } from '../support/postgresServer.js';

const PHONE = '919876543210';
const STATE = 'STATE-0f1e2d3c4b5a69788796a5b4';
const TOKEN = 'ACCESS-TOKEN-9a8b7c6d5e4f3a2b1c0d';
const LOCK_KEY = `phone:${PHONE}`;
const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: TOKEN };

const newKey = () => randomBytes(32).toString('base64');
const newId = (label: string) => `${label}-${crypto.randomUUID()}`;
const newTable = () => `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

function request(requestId: string, owner = `owner-${crypto.randomUUID()}`): PendingRequest {
  return { requestId, phoneNumber: PHONE, state: STATE, createdAt: Date.now(), lock: { key: LOCK_KEY, owner } };
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('PostgresTracker options', () => {
  const client: PgLikeClient = { query: async () => ({ rows: [] }) };

  it('takes a pg-shaped client (query) or a postgres.js-shaped one (unsafe), and nothing else', () => {
    expect(() => new PostgresTracker({ client })).not.toThrow();
    expect(() => new PostgresTracker({ client: { unsafe: () => Promise.resolve([]) } })).not.toThrow();
    expect(() => new PostgresTracker({ client: {} as never })).toThrow(/`client` must be a pg Pool or Client/);
    expect(() => new PostgresTracker(undefined as never)).toThrow(TypeError);
  });

  it.each(['Truecaller', 'sign-ins', 'x; DROP TABLE users', '"quoted"', '1table', 'a.b.c', '', 'a'.repeat(41)])(
    'refuses table %j: only plain lowercase identifiers reach the SQL text',
    (table) => {
      expect(() => new PostgresTracker({ client, table })).toThrow(TypeError);
      expect(() => postgresTrackerSchema({ table })).toThrow(/`table` must be a lowercase identifier/);
    },
  );

  it.each([0, -1, 1.5, 2 ** 31, Number.NaN, '1000' as never])('refuses timeout %j', (timeout) => {
    expect(() => new PostgresTracker({ client, timeout })).toThrow(/`timeout` must be a whole number of milliseconds/);
  });

  it.each([
    ['hex instead of base64', randomBytes(32).toString('hex')],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['a placeholder', `${'A'.repeat(43)}=`],
  ])('refuses an encryptionKey that is %s, naming the option and showing no key', (_, encryptionKey) => {
    const error = thrown(() => new PostgresTracker({ client, encryptionKey }));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^PostgresTracker: `encryptionKey`/);
    expect(error.message).not.toContain(encryptionKey);
  });

  it('refuses an empty key list and the same key twice', () => {
    const key = newKey();
    expect(() => new PostgresTracker({ client, encryptionKey: [] })).toThrow(/empty array/);
    expect(() => new PostgresTracker({ client, encryptionKey: [key, `${key}\n`] })).toThrow(
      /`encryptionKey\[1\]` is the same key as `encryptionKey\[0\]`/,
    );
  });

  it('exports the DDL for migration tools, named after the table option', () => {
    expect(PostgresTracker.schema()).toBe(postgresTrackerSchema());
    expect(postgresTrackerSchema()).toContain('CREATE TABLE IF NOT EXISTS "truecaller_sign_ins" (');
    const qualified = postgresTrackerSchema({ table: 'auth.sign_ins' });
    expect(qualified).toContain('CREATE TABLE IF NOT EXISTS "auth"."sign_ins_locks" (');
    expect(qualified).toContain('CREATE TABLE IF NOT EXISTS "auth"."sign_ins_parked" (');
  });
});

describe('PostgresTracker errors', () => {
  it('keeps every parameter out of the error when the driver quotes them (postgres.js attaches them)', async () => {
    const client: PgLikeClient = {
      query: async (_text, values) => {
        throw Object.assign(new Error(`bind failed for ${values.join(', ')}`), { parameters: values, code: '08P01' });
      },
    };
    const tracker = new PostgresTracker({ client });

    const error = (await tracker.settle('rq-1', AUTHORIZED).catch((caught: unknown) => caught)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^PostgresTracker\.settle: the PostgreSQL client failed/);
    expect(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    expect(error).toMatchObject({ code: '08P01' });
    expect(error).not.toHaveProperty('parameters');
  });
});

describe.runIf(shouldRunPostgresSuites())('PostgresTracker on PostgreSQL', () => {
  let server: PostgresServer;
  let db: TestSqlClient<PgLikeClient>;

  beforeAll(async () => {
    server = await startPostgresServer();
    db = pgPool(server.url);
  });
  afterAll(async () => {
    await db?.close();
    await server?.destroy();
  });

  async function tracker(options: { table?: string; encryptionKey?: string | string[]; timeout?: number } = {}) {
    const table = options.table ?? newTable();
    const created = new PostgresTracker({ client: db.client, ...options, table });
    await created.ensureSchema();
    return { tracker: created, table };
  }

  /** Every value in every column of the tracker's three tables, as one string. */
  async function everythingIn(table: string): Promise<string> {
    const rows = await Promise.all(
      [table, `${table}_locks`, `${table}_parked`].map((name) => db.query(`SELECT * FROM "${name}"`)),
    );
    return JSON.stringify(rows);
  }

  it('creates its tables with ensureSchema, idempotently and concurrently, in a schema of your choice', async () => {
    await db.query('CREATE SCHEMA IF NOT EXISTS auth');
    const table = `auth.${newTable()}`;
    const trackers = Array.from({ length: 4 }, () => new PostgresTracker({ client: db.client, table }));

    await Promise.all(trackers.map((each) => each.ensureSchema()));
    await trackers[0]?.ensureSchema();

    const [first] = trackers;
    await expect(first?.register(request(newId('rq')), 60_000)).resolves.toBe(true);
    const tables = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth'`);
    expect(tables.map((row) => row.table_name)).toHaveLength(3);
  });

  it('stores the request as the JSON it was given, and the lock under a SHA-256 of its key, without a key', async () => {
    const { tracker: plain, table } = await tracker();
    const pending = request(newId('rq'));
    await plain.acquireLock(LOCK_KEY, pending.lock?.owner ?? '', 60_000);
    await plain.register(pending, 60_000);

    const [row] = await db.query(`SELECT request FROM "${table}" WHERE request_id = $1`, [pending.requestId]);
    const [lock] = await db.query(`SELECT key FROM "${table}_locks"`);

    expect(row?.request).toBe(JSON.stringify(pending));
    expect(lock?.key).toBe(createHash('sha256').update(LOCK_KEY).digest('hex'));
  });

  it('keeps the number, state and access token out of every table under an encryptionKey', async () => {
    const { tracker: sealed, table } = await tracker({ encryptionKey: newKey() });
    const pending = request(newId('rq'));
    await sealed.acquireLock(LOCK_KEY, pending.lock?.owner ?? '', 60_000);
    await sealed.register(pending, 60_000);
    await sealed.settle(pending.requestId, AUTHORIZED);
    await sealed.park(newId('parked'), { outcome: AUTHORIZED, state: STATE, receivedAt: 1 }, 60_000, 10);

    const stored = await everythingIn(table);

    expect(stored).toContain(pending.requestId);
    for (const secret of [PHONE, STATE, TOKEN, createHash('sha256').update(LOCK_KEY).digest('hex')]) {
      expect(stored).not.toContain(secret);
    }
    await expect(sealed.get(pending.requestId)).resolves.toStrictEqual({ request: pending, outcome: AUTHORIZED });
  });

  it('rotates keys: the new key reads what the old one wrote and respects and frees locks taken under it', async () => {
    const [oldKey, newerKey] = [newKey(), newKey()];
    const { tracker: before, table } = await tracker({ encryptionKey: oldKey });
    const { tracker: after } = await tracker({ table, encryptionKey: [newerKey, oldKey] });
    const { tracker: forgot } = await tracker({ table, encryptionKey: newerKey });
    const pending = request(newId('rq'));
    await before.acquireLock(LOCK_KEY, pending.lock?.owner ?? '', 60_000);
    await before.register(pending, 60_000);
    await before.settle(pending.requestId, AUTHORIZED);

    // The lock taken under the old key still holds the number for an instance already on the new one.
    await expect(after.acquireLock(LOCK_KEY, 'someone-else', 60_000)).resolves.toMatchObject({ acquired: false });
    await expect(after.claim(pending.requestId, 'claim-1')).resolves.toStrictEqual({
      status: 'claimed',
      tracked: { request: pending, outcome: AUTHORIZED },
    });
    // An instance that dropped the old key too early fails closed instead of guessing.
    await expect(forgot.get(pending.requestId)).rejects.toThrow(/could not be read/);

    await expect(after.finish(pending.requestId, 'claim-1')).resolves.toBe(true);
    await expect(after.acquireLock(LOCK_KEY, 'next', 60_000)).resolves.toEqual({ acquired: true });
  });

  it('refuses values across the key boundary: sealed rows without a key, plain rows with one', async () => {
    const { tracker: plain, table } = await tracker();
    const { tracker: sealed } = await tracker({ table, encryptionKey: newKey() });
    const [a, b] = [request(newId('plain')), request(newId('sealed'))];
    await plain.register(a, 60_000);
    await sealed.register(b, 60_000);

    await expect(sealed.get(a.requestId)).rejects.toThrow(/could not be read/);
    await expect(plain.get(b.requestId)).rejects.toThrow(/could not be read/);
  });

  it('fails closed on rows it did not write, quoting none of their content', async () => {
    const { tracker: plain, table } = await tracker();
    const [notJson, otherId, movedOutcome] = [newId('a'), newId('b'), newId('c')];
    await db.query(
      `INSERT INTO "${table}" (request_id, request, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [notJson, `{"requestId": "${notJson}", ${TOKEN}`],
    );
    await plain.register(request(otherId), 60_000);
    await db.query(`UPDATE "${table}" SET request_id = $1 WHERE request_id = $2`, [movedOutcome, otherId]);

    for (const id of [notJson, movedOutcome]) {
      const error = await plain.get(id).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(inspect(error)).not.toContain(TOKEN);
      expect(inspect(error)).not.toContain(STATE);
    }
  });

  it('sweeps expired rows a few at a time as later writes pass, and all of them with sweep()', async () => {
    const { tracker: sweeping, table } = await tracker();
    // Registered one after the other and long enough to outlive the whole batch: none of them sweeps another.
    for (let i = 0; i < 25; i++) await sweeping.register(request(newId(`old-${i}`)), 1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const count = async () => Number((await db.query(`SELECT count(*)::int AS n FROM "${table}"`))[0]?.n);
    // Expired rows are absent to every operation, but still there until something deletes them.
    expect(await count()).toBe(25);

    await sweeping.register(request(newId('new')), 60_000);

    expect(await count()).toBe(25 - 10 + 1);
    await expect(sweeping.sweep()).resolves.toBe(15);
    await expect(sweeping.sweep()).resolves.toBe(0);
    expect(await count()).toBe(1);
  });

  it('sends exactly one statement per operation (the sign-in takes seven round trips)', async () => {
    const statements: string[] = [];
    const counting: PgLikeClient = {
      query: (text, values) => {
        statements.push(text);
        return db.client.query(text, values);
      },
    };
    const { table } = await tracker();
    const counted = new PostgresTracker({ client: counting, table });
    const pending = request(newId('rq'));

    await counted.acquireLock(LOCK_KEY, pending.lock?.owner ?? '', 60_000);
    await counted.register(pending, 60_000);
    await counted.unpark(pending.requestId);
    await counted.get(pending.requestId);
    await counted.settle(pending.requestId, AUTHORIZED);
    await counted.claim(pending.requestId, 'claim');
    await counted.finish(pending.requestId, 'claim');

    expect(statements).toHaveLength(7);
    expect(statements.some((text) => /\b(BEGIN|COMMIT|pg_advisory)/i.test(text))).toBe(false);
  });

  it('works with a single pg Client as well as a Pool', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { table } = await tracker();
      const single = new PostgresTracker({ client, table });
      const pending = request(newId('rq'));

      const results = await Promise.all([single.register(pending, 60_000), single.register(pending, 60_000)]);

      expect(results.sort()).toEqual([false, true]);
      await expect(single.get(pending.requestId)).resolves.toStrictEqual({ request: pending });
    } finally {
      await client.end();
    }
  });

  describe('timeout', () => {
    /** Holds the request's row lock in a transaction of its own, so a write to it waits. */
    async function holdRow(table: string, requestId: string) {
      const blocker = new pg.Client({ connectionString: server.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "${table}" WHERE request_id = $1 FOR UPDATE`, [requestId]);
      return {
        release: async () => {
          await blocker.query('COMMIT');
          await blocker.end();
        },
      };
    }

    it('rejects a statement that does not answer within `timeout` ms', async () => {
      const { tracker: patient, table } = await tracker();
      const pending = request(newId('rq'));
      await patient.register(pending, 60_000);
      const impatient = new PostgresTracker({ client: db.client, table, timeout: 200 });
      const held = await holdRow(table, pending.requestId);
      try {
        await expect(impatient.settle(pending.requestId, AUTHORIZED)).rejects.toThrow(
          /^PostgresTracker\.settle: PostgreSQL did not answer within 200 ms/,
        );
      } finally {
        await held.release();
      }
    });

    it('cancels the statement on the server with postgres.js, so a timed-out write never lands', async () => {
      const sql = postgresJs(server.url, { max: 2 });
      try {
        const { tracker: patient, table } = await tracker();
        const pending = request(newId('rq'));
        await patient.register(pending, 60_000);
        const impatient = new PostgresTracker({ client: sql.client, table, timeout: 200 });
        const held = await holdRow(table, pending.requestId);
        try {
          await expect(impatient.settle(pending.requestId, AUTHORIZED)).rejects.toThrow(/did not answer within/);
          await new Promise((resolve) => setTimeout(resolve, 200));
        } finally {
          await held.release();
        }

        await expect(patient.get(pending.requestId)).resolves.toStrictEqual({ request: pending });
      } finally {
        await sql.close();
      }
    });
  });

  it('answers with both drivers alike, whatever type parsers the application installed', async () => {
    // An app that reads int8 as BigInt and timestamps as strings (common settings) changes nothing here.
    const parsed = new pg.Pool({
      connectionString: server.url,
      types: {
        getTypeParser: (oid: number, format?: string) =>
          oid === 20 ? BigInt : oid === 1184 ? String : pg.types.getTypeParser(oid, format as never),
      } as never,
    });
    const other = connect('postgres.js', server.url, { max: 2 });
    try {
      const { table } = await tracker();
      const viaPg = new PostgresTracker({ client: parsed, table });
      const viaJs = new PostgresTracker({ client: other.client, table });
      await viaPg.acquireLock(LOCK_KEY, 'owner-1', 60_000);

      const refused = await viaJs.acquireLock(LOCK_KEY, 'owner-2', 60_000);

      expect(refused).toMatchObject({ acquired: false, retryAfterMs: expect.any(Number) });
      await expect(viaJs.releaseLock(LOCK_KEY, 'owner-1')).resolves.toBe(true);
    } finally {
      await parsed.end();
      await other.close();
    }
  });
});
