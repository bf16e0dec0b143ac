import { storeFailure } from '../internal/scrub.js';
/**
 * The part of a `pg` `Pool` or `Client` that {@link PostgresTracker} uses: `query(text, values)` resolving to
 * `{ rows }`. This is all we need from `pg`, so the SDK never imports it and any version or wrapper with this
 * method works.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * const client: PgLikeClient = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * ```
 */
export interface PgLikeClient {
  /** Runs one parameterized statement (`$1`, `$2`, …) and resolves with its rows as objects keyed by column. */
  query(text: string, values: (string | null)[]): Promise<{ rows: readonly Record<string, unknown>[] }>;
}

/**
 * A query in flight as postgres.js returns it: a promise of the rows, with `cancel()` to stop it on the server.
 *
 * @example
 * ```ts
 * const pending: PostgresJsPendingQuery = sql.unsafe('SELECT 1 AS one', [])
 * setTimeout(() => pending.cancel(), 500)
 * ```
 */
export interface PostgresJsPendingQuery extends PromiseLike<readonly Record<string, unknown>[]> {
  /** Asks the server to stop the query (postgres.js sends a cancel request on another connection). */
  cancel?(): unknown;
}

/**
 * The part of a postgres.js client (`postgres()` from `postgres`, v3 or later) that {@link PostgresTracker} uses:
 * `unsafe(text, parameters)`. The SDK never imports `postgres`; every value is still sent as a parameter, never
 * spliced into the text (the name `unsafe` only means "not a tagged template").
 *
 * @example
 * ```ts
 * import postgres from 'postgres'
 * const client: PostgresJsLikeClient = postgres(process.env.DATABASE_URL!)
 * ```
 */
export interface PostgresJsLikeClient {
  /** Runs one parameterized statement (`$1`, `$2`, …) and resolves with its rows. */
  unsafe(query: string, parameters: (string | null)[]): PostgresJsPendingQuery;
}

/**
 * Either client shape. A client with `unsafe` is treated as postgres.js, anything else with `query` as `pg`.
 *
 * @example
 * ```ts
 * const tracker = new PostgresTracker({ client: pgPoolOrPostgresJsSql })
 * ```
 */
export type SqlLikeClient = PgLikeClient | PostgresJsLikeClient;

/** One row of text (or null) columns, as every tracker statement returns. @internal */
export type Row = Readonly<Record<string, unknown>>;

/** Text parameters; `null` for SQL NULL. @internal */
export type Values = (string | null)[];

/**
 * Runs one statement and resolves with its rows (`[]` with `{ rows: false }`, for DDL whose reply is not rows);
 * rejects with an Error safe to log.
 *
 * @internal
 */
export type StatementRunner = (
  operation: string,
  text: string,
  values: Values,
  options?: { rows: boolean },
) => Promise<readonly Row[]>;

/**
 * Wraps a client so every statement is bounded by `timeout` ms and fails with a plain Error whose message holds
 * no parameter: postgres.js attaches the statement's `parameters` to its errors, and PostgreSQL quotes key
 * values in `detail` (neither is kept).
 *
 * @throws {TypeError} when `client` has neither `unsafe` nor `query`.
 * @internal
 */
export function createStatementRunner(client: unknown, timeout: number): StatementRunner {
  const send = senderFor(client);
  return (operation, text, values, { rows: expectRows } = { rows: true }) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sent: Sent;
    try {
      sent = send(text, values);
    } catch (error) {
      sent = { rows: Promise.reject(error) };
    }
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        try {
          sent.cancel?.();
        } catch {
          // Cancelling is a courtesy to the server; the operation has failed either way.
        }
        reject(
          new Error(
            `PostgresTracker.${operation}: PostgreSQL did not answer within ${timeout} ms. Check that the database ` +
              'is reachable and the pool is not exhausted.',
          ),
        );
      }, timeout);
    });
    const answered = sent.rows.then(
      (rows) => (expectRows ? rowsOf(rows) : []),
      (error: unknown) => {
        throw storeFailure('PostgresTracker', 'PostgreSQL', operation, error, values);
      },
    );
    // race() subscribes to both, so a late rejection after a timeout is handled, never "unhandled".
    return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer));
  };
}

interface Sent {
  /** What the client resolved with: rows for pg's `result.rows` and postgres.js's result. */
  rows: Promise<unknown>;
  cancel?: () => unknown;
}

function senderFor(client: unknown): (text: string, values: Values) => Sent {
  if (typeof client === 'object' || typeof client === 'function') {
    const candidate = client as Partial<PgLikeClient & PostgresJsLikeClient> | null;
    // postgres.js's `sql` is a function with an `unsafe` method; pg's Pool and Client are objects with `query`.
    if (candidate !== null && typeof candidate.unsafe === 'function') {
      const sql = client as PostgresJsLikeClient;
      return (text, values) => {
        const pending = sql.unsafe(text, values);
        const rows = Promise.resolve(pending);
        return typeof pending.cancel === 'function' ? { rows, cancel: () => pending.cancel?.() } : { rows };
      };
    }
    if (candidate !== null && typeof candidate.query === 'function') {
      const pg = client as PgLikeClient;
      return (text, values) => ({ rows: Promise.resolve(pg.query(text, values)).then((result) => result?.rows) });
    }
  }
  throw new TypeError(
    'PostgresTracker: `client` must be a pg Pool or Client (with a `query` method) or a postgres.js client ' +
      "(with an `unsafe` method), e.g. `new pg.Pool({ connectionString })` from 'pg' or `postgres(url)` from 'postgres'.",
  );
}

function rowsOf(rows: unknown): readonly Row[] {
  if (!Array.isArray(rows)) throw new Error('the PostgreSQL client resolved without rows');
  return rows as Row[];
}
