/**
 * `truecaller-web-login/postgres`: a pending-request tracker in PostgreSQL, for apps on several instances or
 * serverless functions that have a database and no Redis. Works with `pg` and with postgres.js.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { PostgresTracker } from 'truecaller-web-login/postgres'
 *
 * const tracker = new PostgresTracker({ client: new pg.Pool({ connectionString: process.env.DATABASE_URL }) })
 * await tracker.ensureSchema()
 * ```
 *
 * @packageDocumentation
 */

// The statement runner, the SQL texts, the row decoders and the encryption stay internal: the contract is the
// tracker's methods, the DDL and the client shapes.
export {
  type PostgresSweepOptions,
  PostgresTracker,
  type PostgresTrackerOptions,
} from './PostgresTracker.js';
export { type PostgresSchemaOptions, postgresTrackerSchema } from './schema.js';
export type { PgLikeClient, PostgresJsLikeClient, PostgresJsPendingQuery, SqlLikeClient } from './sqlClient.js';
