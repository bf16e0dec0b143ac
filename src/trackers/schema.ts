import * as v from 'valibot';
import type { ParkedCallback, PendingRequest, SignInOutcome, TrackedRequest } from './PendingRequestTracker.js';

// The stored records' one schema, shared by every tracker (MemoryTracker, RedisTracker, PostgresTracker) when they
// read a value back, and exported so custom trackers can check what they read the same way. Loose objects: fields
// a newer version of the SDK wrote are kept, not refused. A type test pins each to its interface.

/**
 * A stored {@link PendingRequest}.
 *
 * @example
 * ```ts
 * if (!v.is(PendingRequestSchema, JSON.parse(row.request))) throw new Error('corrupt row')
 * ```
 */
export const PendingRequestSchema = v.looseObject({
  requestId: v.string(),
  phoneNumber: v.exactOptional(v.string()),
  state: v.exactOptional(v.string()),
  flow: v.exactOptional(v.literal('mobile-web')),
  createdAt: v.number(),
  lock: v.exactOptional(v.looseObject({ key: v.string(), owner: v.string() })),
});

/**
 * A stored {@link SignInOutcome}: one of two loose objects, told apart by their `type` literal (exactly one can
 * match).
 *
 * @example
 * ```ts
 * const outcome = v.parse(SignInOutcomeSchema, JSON.parse(row.outcome))
 * ```
 */
export const SignInOutcomeSchema = v.union([
  v.looseObject({ type: v.literal('authorized'), accessToken: v.string(), endpoint: v.exactOptional(v.string()) }),
  v.looseObject({ type: v.literal('rejected'), reason: v.string() }),
]);

/**
 * A stored {@link TrackedRequest}: a request and, once the callback came, its outcome.
 *
 * @example
 * ```ts
 * const tracked = decodeStoredRecord(TrackedRequestSchema, json, 'MyTracker.get')
 * ```
 */
export const TrackedRequestSchema = v.looseObject({
  request: PendingRequestSchema,
  outcome: v.exactOptional(SignInOutcomeSchema),
});

/**
 * A stored {@link ParkedCallback}.
 *
 * @example
 * ```ts
 * const parked = decodeStoredRecord(ParkedCallbackSchema, json, 'MyTracker.unpark')
 * ```
 */
export const ParkedCallbackSchema = v.looseObject({
  outcome: SignInOutcomeSchema,
  state: v.exactOptional(v.string()),
  receivedAt: v.number(),
});

/**
 * One of the stored-record schemas: {@link PendingRequestSchema}, {@link SignInOutcomeSchema},
 * {@link TrackedRequestSchema} or {@link ParkedCallbackSchema}.
 *
 * @example
 * ```ts
 * const schema: StoredRecordSchema = TrackedRequestSchema
 * ```
 */
export type StoredRecordSchema =
  | typeof PendingRequestSchema
  | typeof SignInOutcomeSchema
  | typeof TrackedRequestSchema
  | typeof ParkedCallbackSchema;

/**
 * The record type a stored-record schema describes: the contract's interface, not the schema's inferred type.
 *
 * @example
 * ```ts
 * const tracked: StoredRecordOf<typeof TrackedRequestSchema> = { request: { requestId: 'r1', createdAt: 0 } }
 * ```
 */
export type StoredRecordOf<S extends StoredRecordSchema> = S extends typeof PendingRequestSchema
  ? PendingRequest
  : S extends typeof SignInOutcomeSchema
    ? SignInOutcome
    : S extends typeof TrackedRequestSchema
      ? TrackedRequest
      : ParkedCallback;

/**
 * Reads a stored record back from its JSON, failing closed: JSON that does not parse, or a value that is not a
 * record of this shape, throws an Error naming `where` and what is wrong, never quoting the value (it may hold an
 * access token). What a tracker rejects with becomes a `TrackerError`, so the SDK fails closed.
 *
 * @param where - Named in the message, e.g. `'MyTracker.get'`.
 * @throws {Error} `<where>: the stored value is not valid JSON` or `…is not a <record>`.
 * @example
 * ```ts
 * async get(requestId: string) {
 *   const json = await db.read(requestId)
 *   return json === undefined ? undefined : decodeStoredRecord(TrackedRequestSchema, json, 'MyTracker.get')
 * }
 * ```
 */
export function decodeStoredRecord<S extends StoredRecordSchema>(
  schema: S,
  json: string,
  where: string,
): StoredRecordOf<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the input; ours must not.
    throw new Error(`${where}: the stored value is not valid JSON.`);
  }
  return checkStoredRecord(schema, value, where);
}

/**
 * {@link decodeStoredRecord} for a value already parsed from JSON.
 *
 * @throws {Error} `<where>: the stored value is not a <record>`.
 * @example
 * ```ts
 * const request = checkStoredRecord(PendingRequestSchema, row.request, 'MyTracker.get')
 * ```
 */
export function checkStoredRecord<S extends StoredRecordSchema>(
  schema: S,
  value: unknown,
  where: string,
): StoredRecordOf<S> {
  if (!v.is(schema, value)) throw new Error(`${where}: the stored value is not ${NAMES.get(schema) ?? 'a record'}.`);
  return value as StoredRecordOf<S>;
}

const NAMES = new Map<StoredRecordSchema, string>([
  [PendingRequestSchema, 'a pending request'],
  [SignInOutcomeSchema, 'a sign-in outcome'],
  [TrackedRequestSchema, 'a tracked request'],
  [ParkedCallbackSchema, 'a parked callback'],
]);
