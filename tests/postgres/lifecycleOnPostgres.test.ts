// The whole sign-in across three app instances that share one real PostgreSQL (a throwaway cluster started
// here): the start on one instance, Truecaller's callback on another, the browser's polls on a third. Each
// instance has its own connection pool. Run with `pg` and with postgres.js. msw stands in for Truecaller only;
// PostgreSQL is real, and the fault tests really stop it (pg_ctl stop -m fast) and start it again.
import {
  RequestPendingError,
  TrackerError,
  TruecallerClient,
  type TruecallerClientOptions,
  UnknownRequestError,
} from 'truecaller-web-login';
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, DRIVERS, type TestSqlClient } from '../support/postgresClients.js';
import { type PostgresServer, shouldRunPostgresSuites, startPostgresServer } from '../support/postgresServer.js';
import {
  APP_KEY,
  expectFailsClosed,
  expectSignInAcrossInstances,
  expectSignInWorksAgain,
  PHONE,
  TOKEN,
  useStoreTruecaller,
} from '../support/storeLifecycle.js';

describe.runIf(shouldRunPostgresSuites())('the sign-in lifecycle on PostgreSQL', () => {
  const truecaller = useStoreTruecaller();
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterEach(async () => {
    // A fault test that failed half-way must not leave the next test without a database.
    await server.start().catch(() => {});
  });
  afterAll(async () => {
    await server?.destroy();
  });

  describe.each(DRIVERS)('with %s', (driver) => {
    const pools: TestSqlClient[] = [];
    afterAll(async () => {
      for (const pool of pools) await pool.close();
    });

    /** Tables of their own for one test, so tests never share a number's lock. */
    async function store(): Promise<string> {
      const table = `lifecycle_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const setup = connect(driver, server.url, { max: 1 });
      await new PostgresTracker({ client: setup.client, table }).ensureSchema();
      await setup.close();
      return table;
    }

    /** One app instance: its own pool, its own client, the shared tables. */
    function instance(table: string, options: Partial<TruecallerClientOptions> = {}): TruecallerClient {
      const pool = connect(driver, server.url, { max: 2 });
      pools.push(pool);
      return new TruecallerClient({
        appKey: APP_KEY,
        tracker: new PostgresTracker({ client: pool.client, table, timeout: 1_000 }),
        ...options,
      });
    }

    it('completes a sign-in started on one instance, called back on another, polled on a third', async () => {
      const table = await store();
      const [a, b, c] = [instance(table), instance(table), instance(table)] as const;

      await expectSignInAcrossInstances([a, b, c]);

      // Completing freed the number for every instance.
      await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
    });

    it('shares the per-number lock: a second start on another instance sends nothing', async () => {
      const table = await store();
      const [a, b] = [instance(table), instance(table)];

      await a.requestAuthorization({ phoneNumber: PHONE });
      const second = b.requestAuthorization({ phoneNumber: PHONE });

      await expect(second).rejects.toBeInstanceOf(RequestPendingError);
      expect(truecaller.startCalls).toBe(1);
    });

    it('delivers a redelivered callback as a duplicate on any instance, and one outcome only', async () => {
      const table = await store();
      const [a, b, c] = [instance(table), instance(table), instance(table)];
      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });
      const callback = { requestId, status: 'user_rejected' };

      const receipts = await Promise.all([b.handleCallback(callback), c.handleCallback(callback)]);

      expect(receipts.map((receipt) => receipt.duplicate).sort()).toEqual([false, true]);
      expect(await a.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
      // The decline freed the number for every instance.
      await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
    });

    it('keeps a callback that reaches another instance before the start is recorded, and completes with it', async () => {
      const table = await store();
      const [a, b, c] = [instance(table), instance(table), instance(table)];
      // Truecaller calls back (on instance B) before its answer to A's start POST has arrived.
      let early: Promise<unknown> = Promise.resolve();
      truecaller.onStart = async (requestId) => {
        early = b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-2' }).catch((error) => error);
        await early;
      };

      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE, state: 'session-2' });

      // B could not tell it from a forged callback, so it answered "unknown", but kept it for the start.
      expect(await early).toBeInstanceOf(UnknownRequestError);
      await expect(c.completeSignIn(requestId, { state: 'session-2' })).resolves.toMatchObject({
        status: 'completed',
        phoneNumber: PHONE,
      });
    });

    it('fails closed while PostgreSQL is down, sends nothing to Truecaller, and signs in again once it is back', async () => {
      const table = await store();
      const instances = [instance(table), instance(table), instance(table)] as const;
      await server.stop();

      await expectFailsClosed(instances, truecaller);

      await server.start();

      // The pools reconnect on their own; a whole sign-in works again, across the three instances.
      await expectSignInWorksAgain(instances);
    });

    it('keeps an approved sign-in through a restart: the poll fails closed while down, then completes', async () => {
      const table = await store();
      const [a, b, c] = [instance(table), instance(table), instance(table)];
      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE, state: 'session-3' });
      await b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-3' });
      await server.stop();

      // Never "expired" or "pending" while the store cannot answer: that would lose or stall an approved sign-in.
      await expect(c.completeSignIn(requestId, { state: 'session-3' })).rejects.toBeInstanceOf(TrackerError);

      await server.start();

      await expect(c.completeSignIn(requestId, { state: 'session-3' })).resolves.toMatchObject({
        status: 'completed',
        phoneNumber: PHONE,
      });
    });

    it('keeps the number locked, not re-prompted, when the database dies while Truecaller accepts the start', async () => {
      const table = await store();
      // Long enough to outlast stopping and starting the cluster (a few seconds), short enough to wait out.
      const options = { lockTtl: 8_000 };
      const [a, b] = [instance(table, options), instance(table, options)];
      // The lock is taken, Truecaller is prompting the phone, and then the request cannot be recorded.
      truecaller.onStart = () => server.stop();

      const failed = await a.requestAuthorization({ phoneNumber: PHONE }).catch((error: unknown) => error);

      expect(failed).toBeInstanceOf(RequestPendingError);
      expect((failed as RequestPendingError).cause).toBeInstanceOf(TrackerError);
      truecaller.onStart = async () => {};
      await server.start();
      // PostgreSQL kept the lock across the restart: no second prompt to that phone until lockTtl has passed.
      await expect(b.requestAuthorization({ phoneNumber: PHONE })).rejects.toBeInstanceOf(RequestPendingError);
      expect(truecaller.startCalls).toBe(1);
      await expect
        .poll(async () => (await b.requestAuthorization({ phoneNumber: PHONE }).catch((error) => error)).phoneNumber, {
          timeout: 10_000,
          interval: 250,
        })
        .toBe(PHONE);
    }, 30_000);
  });
});
