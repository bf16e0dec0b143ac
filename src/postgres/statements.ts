import type { TableNames } from './schema.js';

/**
 * The SQL behind {@link PostgresTracker}: one statement per operation, each atomic on its own under READ
 * COMMITTED (PostgreSQL's default) with no explicit transaction and no advisory lock.
 *
 * How they stay atomic:
 * - Writes are conditional and the condition is in the statement: `INSERT ... ON CONFLICT` (set-if-absent),
 *   `UPDATE ... WHERE <condition>` (compare-and-set), `DELETE ... WHERE owner = $n` (compare-and-delete).
 *   A concurrent writer of the same row waits for the row lock, and PostgreSQL re-checks the `WHERE` against the
 *   row as the other committed it, so two calls never both act on the state before the other's write.
 * - Where the answer depends on who won (settle), the row records it (`settled_by = txid_current()` of the
 *   winner) and `RETURNING` compares, instead of reading a snapshot that may be older than the winner's commit.
 * - "Also frees the lock" is a data-modifying CTE on the locks table that uses the request row's `RETURNING`
 *   (the lock's storage keys and owner), so it happens in the same statement, as a compare-and-delete.
 * - Expiry is `expires_at > statement_timestamp()` in every read: an expired row is absent, whether or not it
 *   has been swept. The writes that create rows (register, acquireLock, park) also delete up to
 *   {@link SWEEP_BATCH} expired rows of their table (`FOR UPDATE SKIP LOCKED`, so sweeps never wait on each
 *   other); `sweep()` does the same in bulk for a cron.
 *
 * Every value travels as a text parameter; the table names are validated identifiers. Every statement returns
 * text columns only, so custom type parsers on the client (int8 as BigInt, timestamptz as strings) cannot change
 * what the tracker reads.
 *
 * @internal
 */
export interface Statements {
  /** $1 storage keys (comma-separated, first = the one to write), $2 owner, $3 ttl ms. Row: acquired ('1'/'0'), retry_after (ms or null). */
  acquireLock: string;
  /** $1 storage keys (comma-separated), $2 owner. Rows: live ('true'/'false'), one per deleted lock. */
  releaseLock: string;
  /** $1 requestId, $2 request (stored form), $3 lock storage keys or null, $4 lock owner or null, $5 ttl ms. One row when recorded. */
  register: string;
  /** $1 requestId. Row: request, outcome (or null). */
  get: string;
  /** $1 requestId, $2 outcome (stored form), $3 outcome type. Row: request, outcome, won ('true'/'false'). */
  settle: string;
  /** $1 requestId, $2 claimId. Row: status ('claimed'/'pending'), request, outcome. */
  claim: string;
  /** $1 requestId, $2 claimId. Row: finished ('1'/'0'). */
  finish: string;
  /** $1 requestId. Row: request, outcome (only when the removed request was live). */
  remove: string;
  /** $1 requestId, $2 callback (stored form), $3 ttl ms, $4 maxParked. Row: status ('parked'/'full'/'raced'). */
  park: string;
  /** $1 requestId. Rows: callback, live ('true'/'false'), slot (one row per parked copy, oldest slot first not guaranteed). */
  unpark: string;
  /** $1 limit per table. Row: deleted (total). */
  sweep: string;
}

/** How many expired rows a write deletes on its way. Small: it rides on the hot path. */
export const SWEEP_BATCH = 10;

const NOW = 'statement_timestamp()';
const ttl = (param: string) => `${NOW} + ${param}::bigint * interval '1 millisecond'`;
const keysOf = (param: string) => `string_to_array(${param}, ',')`;

/** Deletes up to `limit` expired rows of `table` keyed by `key`, except the one `exceptKey` names. */
function sweepExpired(table: string, key: string, limit: string, except?: string): string {
  const exclude = except === undefined ? '' : ` AND ${except}`;
  return `DELETE FROM ${table} WHERE ${key} IN (
    SELECT ${key} FROM ${table} WHERE expires_at <= ${NOW}${exclude}
    ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
  ) AND expires_at <= ${NOW}
  RETURNING 1`;
}

/** Frees the lock of the rows in CTE `source` (compare-and-delete on owner, under any of its storage keys). */
function freeLock(locks: string, source: string, condition = 'true'): string {
  return `DELETE FROM ${locks} AS l USING ${source}
  WHERE ${condition} AND l.key = ANY (${keysOf(`${source}.lock_keys`)}) AND l.owner = ${source}.lock_owner
  RETURNING 1`;
}

/** The statements for one set of tables. @internal */
export function statementsFor({ requests, locks, parked }: TableNames): Statements {
  return {
    acquireLock: `WITH swept AS (
  ${sweepExpired(locks, 'key', String(SWEEP_BATCH), `key <> ALL (${keysOf('$1')})`)}
), held AS (
  SELECT max(expires_at) AS until FROM ${locks} WHERE key = ANY (${keysOf('$1')}) AND expires_at > ${NOW}
), taken AS (
  INSERT INTO ${locks} AS l (key, owner, expires_at)
  SELECT split_part($1, ',', 1), $2, ${ttl('$3')} FROM held WHERE held.until IS NULL
  ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
    WHERE l.expires_at <= ${NOW}
  RETURNING 1
)
SELECT (SELECT count(*) FROM taken)::text AS acquired,
  ceil(extract(epoch FROM (held.until - ${NOW})) * 1000)::bigint::text AS retry_after
FROM held`,

    releaseLock: `DELETE FROM ${locks} WHERE key = ANY (${keysOf('$1')}) AND owner = $2
RETURNING (expires_at > ${NOW})::text AS live`,

    register: `WITH swept AS (
  ${sweepExpired(requests, 'request_id', String(SWEEP_BATCH), 'request_id <> $1')}
)
INSERT INTO ${requests} AS r
  (request_id, request, outcome, claim_id, lock_keys, lock_owner, settled_by, finished_by, expires_at)
VALUES ($1, $2, NULL, NULL, $3, $4, NULL, NULL, ${ttl('$5')})
ON CONFLICT (request_id) DO UPDATE SET
  request = EXCLUDED.request, outcome = NULL, claim_id = NULL, lock_keys = EXCLUDED.lock_keys,
  lock_owner = EXCLUDED.lock_owner, settled_by = NULL, finished_by = NULL, expires_at = EXCLUDED.expires_at
  WHERE r.expires_at <= ${NOW}
RETURNING 'registered' AS status`,

    get: `SELECT request, outcome FROM ${requests}
WHERE request_id = $1 AND expires_at > ${NOW} AND finished_by IS NULL`,

    settle: `WITH s AS (
  UPDATE ${requests} SET outcome = COALESCE(outcome, $2), settled_by = COALESCE(settled_by, txid_current())
  WHERE request_id = $1 AND expires_at > ${NOW} AND finished_by IS NULL
  RETURNING request, outcome, settled_by = txid_current() AS won, lock_keys, lock_owner
), freed AS (
  ${freeLock(locks, 's', `s.won AND $3 = 'rejected'`)}
)
SELECT request, outcome, won::text AS won FROM s`,

    claim: `WITH claimed AS (
  UPDATE ${requests} SET claim_id = $2
  WHERE request_id = $1 AND expires_at > ${NOW} AND finished_by IS NULL AND outcome IS NOT NULL
  RETURNING request, outcome
)
SELECT 'claimed' AS status, request, outcome FROM claimed
UNION ALL
SELECT 'pending', request, NULL::text FROM ${requests}
WHERE request_id = $1 AND expires_at > ${NOW} AND finished_by IS NULL AND outcome IS NULL`,

    finish: `WITH done AS (
  UPDATE ${requests} SET finished_by = $2, request = NULL, outcome = NULL
  WHERE request_id = $1 AND expires_at > ${NOW} AND claim_id = $2
  RETURNING lock_keys, lock_owner
), freed AS (
  ${freeLock(locks, 'done')}
)
SELECT (SELECT count(*) FROM done)::text AS finished`,

    remove: `WITH gone AS (
  DELETE FROM ${requests} WHERE request_id = $1 AND finished_by IS NULL
  RETURNING request, outcome, lock_keys, lock_owner, expires_at > ${NOW} AS live
), freed AS (
  ${freeLock(locks, 'gone')}
)
SELECT request, outcome FROM gone WHERE live`,

    park: `WITH live AS (
  SELECT count(*) AS parked, count(*) FILTER (WHERE request_id = $1) AS here
  FROM ${parked} WHERE expires_at > ${NOW}
), reuse AS (
  SELECT slot FROM ${parked}
  WHERE expires_at <= ${NOW} AND slot < $4::integer
    AND (SELECT here = 0 AND parked < $4::integer FROM live)
  ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED
), reused AS (
  UPDATE ${parked} AS p SET request_id = $1, callback = $2, expires_at = ${ttl('$3')}
  FROM reuse WHERE p.slot = reuse.slot
  RETURNING 1
), gap AS (
  SELECT s AS slot FROM generate_series(0, $4::integer - 1) AS s
  WHERE (SELECT here = 0 AND parked < $4::integer FROM live) AND NOT EXISTS (SELECT 1 FROM reuse)
    AND NOT EXISTS (SELECT 1 FROM ${parked} AS taken WHERE taken.slot = s)
  ORDER BY random() LIMIT 1
), added AS (
  INSERT INTO ${parked} (slot, request_id, callback, expires_at)
  SELECT slot, $1, $2, ${ttl('$3')} FROM gap
  ON CONFLICT (slot) DO NOTHING
  RETURNING 1
)
SELECT CASE
  WHEN (SELECT here > 0 FROM live) OR EXISTS (SELECT 1 FROM reused) OR EXISTS (SELECT 1 FROM added) THEN 'parked'
  WHEN EXISTS (SELECT 1 FROM gap) OR EXISTS (SELECT 1 FROM reuse) THEN 'raced'
  ELSE 'full'
END AS status`,

    unpark: `DELETE FROM ${parked} WHERE request_id = $1
RETURNING callback, (expires_at > ${NOW})::text AS live, slot`,

    sweep: `WITH r AS (
  ${sweepExpired(requests, 'request_id', '$1::integer')}
), l AS (
  ${sweepExpired(locks, 'key', '$1::integer')}
), p AS (
  ${sweepExpired(parked, 'request_id', '$1::integer')}
)
SELECT ((SELECT count(*) FROM r) + (SELECT count(*) FROM l) + (SELECT count(*) FROM p))::text AS deleted`,
  };
}
