import { assertDuration, assertInteger, assertOptions, optionKeys } from '../internal/assert.js';
import { createKeyRing, type KeyRing } from '../internal/keyRing.js';
import type {
  ClaimResult,
  LockAttempt,
  ParkedCallback,
  ParkResult,
  PendingRequest,
  PendingRequestTracker,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from '../trackers/PendingRequestTracker.js';
import { type PostgresSchemaOptions, postgresTrackerSchema, tableNames } from './schema.js';
import { createStatementRunner, type SqlLikeClient, type StatementRunner } from './sqlClient.js';
import { type Statements, statementsFor } from './statements.js';
import { malformed, parkedFrom, text, trackedFrom, unexpectedRow } from './storedValues.js';

/**
 * Options of {@link PostgresTracker}.
 *
 * @example
 * ```ts
 * const options: PostgresTrackerOptions = {
 *   client: pool,
 *   table: 'truecaller_sign_ins',
 *   timeout: 2_000,
 *   encryptionKey: process.env.TRUECALLER_TRACKER_KEY,
 * }
 * const tracker = new PostgresTracker(options)
 * ```
 */
export interface PostgresTrackerOptions extends PostgresSchemaOptions {
  /**
   * A `pg` `Pool` (or `Client`), or a postgres.js `sql` client. The tracker never connects or closes it, and
   * never opens a transaction on it: every operation is one statement, so a pool behind PgBouncer or a
   * serverless proxy in transaction mode works. Do not pass a client that is inside a transaction of yours.
   */
  client: SqlLikeClient;
  /**
   * Longest wait for one statement, in ms, including the wait for a free pool connection. After it the operation
   * rejects (and, with postgres.js, the statement is cancelled on the server). Default 2000.
   */
  timeout?: number | undefined;
  /**
   * Encrypts what is stored (the request with its phone number and state, the outcome with the access token,
   * parked callbacks) with AES-256-GCM and derives lock keys with HMAC-SHA-256, through Web Crypto. The base64
   * of 32 random bytes (`openssl rand -base64 32`), or a list of them newest first for rotation: the first
   * encrypts, all decrypt. Without it values are stored as JSON and lock keys are a SHA-256 of the number,
   * which anyone with read access can reverse by trying every number. Default: none.
   */
  encryptionKey?: string | readonly string[] | undefined;
}

/**
 * Options of {@link PostgresTracker.sweep}.
 *
 * @example
 * ```ts
 * const options: PostgresSweepOptions = { limit: 5_000 }
 * const deleted = await tracker.sweep(options)
 * ```
 */
export interface PostgresSweepOptions {
  /** Most expired rows deleted from each of the three tables by this call. Default 1000. */
  limit?: number | undefined;
}

const MAX_PARKED = 100_000;
const POSTGRES_TRACKER_KEYS = optionKeys<PostgresTrackerOptions>()(['client', 'table', 'timeout', 'encryptionKey']);
const PARK_ATTEMPTS = 3;
// Any constant works: it names the advisory lock that keeps two instances' ensureSchema() calls apart.
const SCHEMA_LOCK = `SELECT pg_advisory_xact_lock(hashtext('truecaller-web-login schema'));\n`;

/**
 * A {@link PendingRequestTracker} in PostgreSQL, for apps on several instances or serverless functions that
 * already have a database (Neon, Supabase, RDS, Cloud SQL…) and no Redis. Works with `pg` (`Pool` or `Client`)
 * and with postgres.js, depending only on their shape: the SDK imports neither.
 *
 * Every operation is ONE SQL statement (`INSERT ... ON CONFLICT`, `UPDATE ... WHERE ... RETURNING`,
 * `DELETE ... RETURNING`, with CTEs), atomic under concurrency in PostgreSQL's default READ COMMITTED, with no
 * explicit transaction and no advisory lock. Three tables ({@link postgresTrackerSchema}): pending requests,
 * number locks and parked early callbacks. Expired rows are absent to every operation at once (each read checks
 * `expires_at` against the database clock) and are deleted, a few at a time, by later writes; call
 * {@link PostgresTracker.sweep} from a cron to clear them after traffic stops. No timers run in your process.
 *
 * Fails closed: a client error, a timeout (`timeout`), an unexpected row, or a stored value that is not what this
 * class writes (or that does not decrypt) rejects with a plain Error whose message holds no stored value, no
 * parameter and no token.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { TruecallerClient } from 'truecaller-web-login'
 * import { PostgresTracker } from 'truecaller-web-login/postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * const tracker = new PostgresTracker({ client: pool })
 * await tracker.ensureSchema() // or run PostgresTracker.schema() in a migration
 * const client = new TruecallerClient({ appKey, tracker })
 * ```
 *
 * @example
 * ```ts
 * import postgres from 'postgres'
 *
 * const sql = postgres(process.env.DATABASE_URL!)
 * const tracker = new PostgresTracker({ client: sql, table: 'auth.truecaller_sign_ins', encryptionKey: process.env.TRACKER_KEY })
 * ```
 */
export class PostgresTracker implements PendingRequestTracker {
  readonly #run: StatementRunner;
  readonly #sql: Statements;
  readonly #box: KeyRing;
  readonly #schemaOptions: PostgresSchemaOptions;

  /**
   * The DDL for the tracker's tables (`CREATE TABLE IF NOT EXISTS` and indexes, idempotent), for a migration
   * tool. Same as {@link postgresTrackerSchema}.
   *
   * @throws {TypeError} for an invalid `table`.
   *
   * @example
   * ```ts
   * await fs.writeFile('migrations/0042_truecaller.sql', PostgresTracker.schema({ table: 'truecaller_sign_ins' }))
   * ```
   */
  static schema(options: PostgresSchemaOptions = {}): string {
    return postgresTrackerSchema(options);
  }

  /**
   * @throws {TypeError} when `client` is neither a pg nor a postgres.js client, `table` is not a valid
   *   identifier, `timeout` is not a whole number of milliseconds from 1 to 2^31 - 1, or `encryptionKey` is not
   *   one or more base64 strings of 32 random bytes.
   */
  constructor(options: PostgresTrackerOptions) {
    assertOptions<PostgresTrackerOptions>('PostgresTracker', options, POSTGRES_TRACKER_KEYS, {
      example: '`new PostgresTracker({ client: pool })`',
      renamed: { timeoutMs: 'timeout' },
    });
    const timeout = assertDuration('PostgresTracker', 'timeout', options.timeout, 2000);
    this.#schemaOptions = { table: options.table };
    this.#sql = statementsFor(tableNames(this.#schemaOptions));
    this.#run = createStatementRunner(options.client, timeout);
    this.#box = createKeyRing(options.encryptionKey, 'PostgresTracker');
  }

  /**
   * Creates the tables and indexes if they do not exist ({@link PostgresTracker.schema}), in one transaction
   * that waits for any other instance doing the same. For quick starts and tests; in production prefer running
   * the DDL from your migrations, so the app's database user needs no `CREATE` privilege.
   *
   * @throws {Error} when PostgreSQL refuses (no privilege, unreachable) or does not answer within `timeout`.
   *
   * @example
   * ```ts
   * const tracker = new PostgresTracker({ client: pool })
   * await tracker.ensureSchema()
   * ```
   */
  async ensureSchema(): Promise<void> {
    await this.#run('ensureSchema', SCHEMA_LOCK + postgresTrackerSchema(this.#schemaOptions), [], { rows: false });
  }

  /**
   * Deletes up to `limit` expired rows from each table, in one statement, and resolves with how many it deleted.
   * Expired rows already behave as absent and writes sweep a few as they pass; this is for a cron, so the tables
   * shrink after traffic stops. Call it again while it resolves more than 0 to clear a backlog.
   *
   * @throws {TypeError} when `limit` is not a whole number from 1 to 1,000,000.
   * @throws {Error} when the statement fails or times out.
   *
   * @example
   * ```ts
   * // e.g. every 10 minutes
   * while ((await tracker.sweep({ limit: 5_000 })) > 0) {}
   * ```
   */
  async sweep(options: PostgresSweepOptions = {}): Promise<number> {
    assertOptions<PostgresSweepOptions>('PostgresTracker.sweep', options, ['limit']);
    const limit = assertInteger('PostgresTracker.sweep', 'limit', options.limit, 1000, 1, 1_000_000);
    const [row] = await this.#run('sweep', this.#sql.sweep, [String(limit)]);
    return count('sweep', text('sweep', row, 'deleted'));
  }

  async acquireLock(key: string, owner: string, ttl: number): Promise<LockAttempt> {
    const keys = await this.#lockKeys(key);
    const [row] = await this.#run('acquireLock', this.#sql.acquireLock, [
      keys,
      owner,
      milliseconds('acquireLock', ttl),
    ]);
    if (count('acquireLock', text('acquireLock', row, 'acquired')) === 1) return { acquired: true };
    const retryAfter = text('acquireLock', row, 'retry_after');
    // No live lock in the statement's snapshot, yet the insert met one: another instance took it an instant ago,
    // so it has about a whole ttl left.
    return { acquired: false, retryAfterMs: retryAfter === null ? ttl : Math.max(1, count('acquireLock', retryAfter)) };
  }

  async releaseLock(key: string, owner: string): Promise<boolean> {
    const rows = await this.#run('releaseLock', this.#sql.releaseLock, [await this.#lockKeys(key), owner]);
    return rows.some((row) => text('releaseLock', row, 'live') === 'true');
  }

  async register(request: PendingRequest, ttl: number): Promise<boolean> {
    const { requestId, lock } = request;
    const stored = await this.#box.seal(JSON.stringify(request), 'request', requestId);
    const rows = await this.#run('register', this.#sql.register, [
      requestId,
      stored,
      lock === undefined ? null : await this.#lockKeys(lock.key),
      lock === undefined ? null : lock.owner,
      milliseconds('register', ttl),
    ]);
    return rows.length === 1;
  }

  async get(requestId: string): Promise<TrackedRequest | undefined> {
    const [row] = await this.#run('get', this.#sql.get, [requestId]);
    if (row === undefined) return undefined;
    return trackedFrom('get', this.#box, requestId, text('get', row, 'request'), text('get', row, 'outcome'));
  }

  async settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult> {
    const stored = await this.#box.seal(JSON.stringify(outcome), 'outcome', requestId);
    const [row] = await this.#run('settle', this.#sql.settle, [requestId, stored, outcome.type]);
    if (row === undefined) return { status: 'missing' };
    const won = text('settle', row, 'won');
    const storedOutcome = text('settle', row, 'outcome');
    if (storedOutcome === null) throw malformed('settle', 'the stored outcome is missing');
    const tracked = await trackedFrom('settle', this.#box, requestId, text('settle', row, 'request'), storedOutcome);
    if (won === 'true') return { status: 'settled', tracked };
    if (won === 'false') return { status: 'already-settled', tracked };
    throw unexpectedRow('settle');
  }

  async claim(requestId: string, claimId: string): Promise<ClaimResult> {
    const [row] = await this.#run('claim', this.#sql.claim, [requestId, claimId]);
    if (row === undefined) return { status: 'missing' };
    const status = text('claim', row, 'status');
    const tracked = await trackedFrom(
      'claim',
      this.#box,
      requestId,
      text('claim', row, 'request'),
      text('claim', row, 'outcome'),
    );
    if (status === 'pending') return { status: 'pending', tracked };
    if (status !== 'claimed') throw unexpectedRow('claim');
    const { outcome } = tracked;
    if (outcome === undefined) throw malformed('claim', 'the claimed request has no outcome');
    return { status: 'claimed', tracked: { ...tracked, outcome } };
  }

  async finish(requestId: string, claimId: string): Promise<boolean> {
    const [row] = await this.#run('finish', this.#sql.finish, [requestId, claimId]);
    return count('finish', text('finish', row, 'finished')) === 1;
  }

  async remove(requestId: string): Promise<TrackedRequest | undefined> {
    const [row] = await this.#run('remove', this.#sql.remove, [requestId]);
    if (row === undefined) return undefined;
    return trackedFrom('remove', this.#box, requestId, text('remove', row, 'request'), text('remove', row, 'outcome'));
  }

  async park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number): Promise<ParkResult> {
    if (!Number.isSafeInteger(maxParked) || maxParked < 1 || maxParked > MAX_PARKED) {
      throw new RangeError(`PostgresTracker.park: \`maxParked\` must be a whole number from 1 to ${MAX_PARKED}.`);
    }
    const stored = await this.#box.seal(JSON.stringify(callback), 'parked', requestId);
    const values = [requestId, stored, milliseconds('park', ttl), String(maxParked)];
    // 'raced': free slots were seen, but parks running at the same moment took every one this statement tried
    // (or parked this very requestId). Each attempt is one atomic statement; trying again is safe.
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.#run('park', this.#sql.park, values);
      const status = text('park', row, 'status');
      if (status === 'parked' || status === 'full') return status;
      if (status !== 'raced') throw unexpectedRow('park');
      if (attempt === PARK_ATTEMPTS) return 'full';
    }
  }

  async unpark(requestId: string): Promise<ParkedCallback | undefined> {
    const rows = await this.#run('unpark', this.#sql.unpark, [requestId]);
    const live = rows.find((row) => text('unpark', row, 'live') === 'true');
    if (live === undefined) return undefined;
    const stored = text('unpark', live, 'callback');
    if (stored === null) throw malformed('unpark', 'the stored callback is missing');
    return parkedFrom('unpark', this.#box, requestId, stored);
  }

  /** The lock's storage keys, comma-separated: the one to write first, then those under older keys. */
  async #lockKeys(key: string): Promise<string> {
    return (await this.#box.lockDigests(key)).join(',');
  }
}

/** A ttl as the text parameter the statements take: whole positive milliseconds. */
function milliseconds(operation: string, ttl: number): string {
  if (!Number.isSafeInteger(ttl) || ttl < 1) {
    throw new RangeError(`PostgresTracker.${operation}: \`ttl\` must be a whole number of milliseconds of at least 1.`);
  }
  return String(ttl);
}

/** A non-negative integer column sent as text. */
function count(operation: string, value: string | null): number {
  if (value === null || !/^\d{1,15}$/.test(value)) throw unexpectedRow(operation);
  return Number(value);
}
