/**
 * Options of {@link postgresTrackerSchema} (and the `table` option of `PostgresTracker`).
 *
 * @example
 * ```ts
 * const options: PostgresSchemaOptions = { table: 'auth.truecaller_sign_ins' }
 * ```
 */
export interface PostgresSchemaOptions {
  /**
   * Name of the main table, optionally schema-qualified (`schema.table`): lowercase letters, digits and `_`,
   * starting with a letter or `_`, at most 40 characters for the table part (the two other tables add
   * `_locks` and `_parked`, index names add more, and PostgreSQL cuts names at 63). Default `'truecaller_sign_ins'`.
   */
  table?: string | undefined;
}

/** The quoted, schema-qualified names of the three tables. @internal */
export interface TableNames {
  /** Pending requests, their outcomes and current claims. */
  requests: string;
  /** Per-number locks. */
  locks: string;
  /** Early callbacks whose request is not registered yet. */
  parked: string;
}

const DEFAULT_TABLE = 'truecaller_sign_ins';
const PART = /^[a-z_][a-z0-9_]*$/;
const MAX_TABLE = 40;
const MAX_SCHEMA = 63;

interface ParsedTable {
  schema: string | undefined;
  table: string;
}

/**
 * Validates `table` as a plain identifier (never quoted user input in SQL text).
 *
 * @throws {TypeError} when it is not `name` or `schema.name` as {@link PostgresSchemaOptions.table} describes.
 */
function parseTable(table: unknown): ParsedTable {
  if (table === undefined) return { schema: undefined, table: DEFAULT_TABLE };
  const parts = typeof table === 'string' ? table.split('.') : [];
  const [first, second] = parts;
  const valid =
    (parts.length === 1 && first !== undefined && PART.test(first) && first.length <= MAX_TABLE) ||
    (parts.length === 2 &&
      first !== undefined &&
      second !== undefined &&
      PART.test(first) &&
      first.length <= MAX_SCHEMA &&
      PART.test(second) &&
      second.length <= MAX_TABLE);
  if (!valid) {
    throw new TypeError(
      'PostgresTracker: `table` must be a lowercase identifier (letters, digits, `_`; not starting with a digit; at ' +
        `most ${MAX_TABLE} characters), optionally schema-qualified as \`schema.table\`, e.g. 'truecaller_sign_ins'.`,
    );
  }
  return second === undefined ? { schema: undefined, table: first as string } : { schema: first, table: second };
}

function quoted(parsed: ParsedTable, suffix: string): string {
  const name = `"${parsed.table}${suffix}"`;
  return parsed.schema === undefined ? name : `"${parsed.schema}".${name}`;
}

/**
 * The quoted names of the tracker's tables for `options.table`.
 *
 * @throws {TypeError} for an invalid `table`.
 * @internal
 */
export function tableNames(options: PostgresSchemaOptions = {}): TableNames {
  const parsed = parseTable(options.table);
  return { requests: quoted(parsed, ''), locks: quoted(parsed, '_locks'), parked: quoted(parsed, '_parked') };
}

/**
 * The DDL that `PostgresTracker` needs, as SQL statements separated by `;` (idempotent: `CREATE ... IF NOT
 * EXISTS`), for a migration tool or `psql`. `PostgresTracker.ensureSchema()` runs the same statements.
 *
 * Three tables, each keyed by text and carrying an `expires_at` (indexed, for the sweep):
 * - `<table>`: one row per pending sign-in (`request_id`, the request and outcome as JSON or ciphertext, the
 *   current `claim_id`, the lock it holds as `lock_key`/`lock_owner`, `settled_by`, `expires_at`);
 * - `<table>_locks`: one row per number being signed in (`key` is a SHA-256 or HMAC of the number, `owner`);
 * - `<table>_parked`: early callbacks that arrived before their request was registered, in numbered `slot`s (the
 *   slot count bounds the table).
 *
 * @throws {TypeError} for an invalid `table`.
 *
 * @example
 * ```ts
 * import { postgresTrackerSchema } from 'truecaller-web-login/postgres'
 *
 * // e.g. in a migration: await db.query(postgresTrackerSchema({ table: 'truecaller_sign_ins' }))
 * console.log(postgresTrackerSchema())
 * ```
 */
export function postgresTrackerSchema(options: PostgresSchemaOptions = {}): string {
  const parsed = parseTable(options.table);
  const { requests, locks, parked } = tableNames(options);
  const index = (suffix: string) => `"${parsed.table}${suffix}_expires_at_idx"`;
  return `CREATE TABLE IF NOT EXISTS ${requests} (
  request_id text COLLATE "C" PRIMARY KEY,
  request text,
  outcome text,
  claim_id text,
  lock_keys text COLLATE "C",
  lock_owner text,
  settled_by bigint,
  finished_by text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${index('')} ON ${requests} (expires_at);
CREATE TABLE IF NOT EXISTS ${locks} (
  key text COLLATE "C" PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${index('_locks')} ON ${locks} (expires_at);
CREATE TABLE IF NOT EXISTS ${parked} (
  slot integer PRIMARY KEY,
  request_id text COLLATE "C" NOT NULL,
  callback text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${index('_parked')} ON ${parked} (expires_at);
CREATE INDEX IF NOT EXISTS "${parsed.table}_parked_request_id_idx" ON ${parked} (request_id);
`;
}
