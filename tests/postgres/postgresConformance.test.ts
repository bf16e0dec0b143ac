// The tracker contract, checked by the shipped conformance suite against PostgresTracker on a real PostgreSQL
// (a throwaway cluster started here on a free loopback port), through `pg` and through postgres.js, in the
// clear and under an encryptionKey. Nothing is stubbed.
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { describeTrackerConformance } from 'truecaller-web-login/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { connect, DRIVERS, type TestSqlClient } from '../support/postgresClients.js';
import { type PostgresServer, shouldRunPostgresSuites, startPostgresServer } from '../support/postgresServer.js';

const KEY = 'q3JpQ0x7vY8b2Wm1Zr5tNc9Ls4Hd6Kf0Pa8Xe2Gu7Bo=';

describe.runIf(shouldRunPostgresSuites())('PostgresTracker on PostgreSQL', () => {
  let server: PostgresServer;
  const clients = new Map<string, TestSqlClient>();

  beforeAll(async () => {
    server = await startPostgresServer();
    for (const driver of DRIVERS) clients.set(driver, connect(driver, server.url));
  });
  afterAll(async () => {
    for (const client of clients.values()) await client.close();
    await server?.destroy();
  });

  const suites: [string, (typeof DRIVERS)[number], string | undefined][] = [
    ['pg', 'pg', undefined],
    ['postgres.js', 'postgres.js', undefined],
    ['pg with encryptionKey', 'pg', KEY],
  ];
  for (const [name, driver, encryptionKey] of suites) {
    // A table per suite: the parked-callback tests count everything parked in the tracker's namespace.
    const table = `conformance_${name.toLowerCase().replace(/\W+/g, '_')}`;
    let ready: Promise<void> | undefined;
    describeTrackerConformance(
      `PostgresTracker (${name})`,
      async () => {
        const client = clients.get(driver);
        if (client === undefined) throw new Error('PostgreSQL did not start');
        // Concurrent calls share a pool of 10 connections: the queue, not the server, sets the wait, so the
        // deadline is generous and a loaded 2-core CI machine measures atomicity, not its own speed.
        const tracker = new PostgresTracker({ client: client.client, table, timeout: 30_000, encryptionKey });
        ready ??= tracker.ensureSchema();
        await ready;
        return tracker;
      },
      // 250 simultaneous calls on one key race every statement; 1000 mostly measure the pool's queue.
      { ttl: 300, grace: 200, concurrency: 250, timeout: 60_000 },
    );
  }
});
