import pg from 'pg';
import postgres from 'postgres';
import type { PgLikeClient, PostgresJsLikeClient, SqlLikeClient } from '../../src/postgres/index.js';

/** A connected client, typed as the shape PostgresTracker takes, plus raw SQL for tests and a way to close it. */
export interface TestSqlClient<Shape extends SqlLikeClient = SqlLikeClient> {
  client: Shape;
  /** Raw SQL with parameters, for tests that inspect or corrupt what is stored. Resolves with the rows. */
  query(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export type PostgresDriver = 'pg' | 'postgres.js';

/**
 * A `pg` Pool (default size 10) with a short connection timeout, so fault tests see errors instead of waits,
 * and an error listener: an idle client that loses its server emits 'error' on the pool, which would otherwise
 * crash the test worker.
 */
export function pgPool(url: string, options: { max?: number } = {}): TestSqlClient<PgLikeClient> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  // The assignment is the type test: a real pg Pool fits the shape PostgresTracker asks for.
  const shape: PgLikeClient = pool;
  return {
    client: shape,
    query: async (text, values = []) => (await pool.query(text, values)).rows,
    close: () => pool.end(),
  };
}

/** A postgres.js client (default pool of 10), with notices silenced and a short connect timeout. */
export function postgresJs(url: string, options: { max?: number } = {}): TestSqlClient<PostgresJsLikeClient> {
  const sql = postgres(url, { max: options.max ?? 10, connect_timeout: 1, onnotice: () => {} });
  const shape: PostgresJsLikeClient = sql;
  return {
    client: shape,
    query: async (text, values = []) => [...(await sql.unsafe(text, values as never[]))],
    close: () => sql.end({ timeout: 1 }),
  };
}

/** One of the two drivers, by name. */
export function connect(driver: PostgresDriver, url: string, options: { max?: number } = {}): TestSqlClient {
  return driver === 'pg' ? pgPool(url, options) : postgresJs(url, options);
}

export const DRIVERS: PostgresDriver[] = ['pg', 'postgres.js'];
