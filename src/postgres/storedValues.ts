import * as v from 'valibot';
import type { KeyRing, StoredField } from '../internal/keyRing.js';
import type {
  ParkedCallback,
  PendingRequest,
  SignInOutcome,
  TrackedRequest,
} from '../trackers/PendingRequestTracker.js';
import { ParkedCallbackSchema, PendingRequestSchema, SignInOutcomeSchema } from '../trackers/schema.js';
import type { Row } from './sqlClient.js';

/**
 * Reading and writing the values PostgresTracker stores, failing closed. Anything that is not exactly what this
 * class writes (a column of another type, JSON that does not parse, a request for another id, a value that does
 * not open under the configured keys) throws, so the tracker rejects instead of guessing. Messages never quote
 * a value: it may hold an access token.
 *
 * Values are checked against the stored-record schemas every tracker shares (`src/trackers/schema.ts`) and returned as `JSON.parse` gave them (fields a newer
 * version wrote are kept).
 *
 * @internal
 */

/** Thrown for a row of a shape our statements never produce. */
export function unexpectedRow(operation: string): Error {
  return new Error(`PostgresTracker.${operation}: PostgreSQL returned an unexpected row.`);
}

/** Thrown for a stored value that is not what PostgresTracker writes. */
export function malformed(operation: string, what: string): Error {
  return new Error(
    `PostgresTracker.${operation}: ${what}. The row holds data PostgresTracker did not write; delete it.`,
  );
}

/** A text column, or `null`. */
export function text(operation: string, row: Row | undefined, column: string): string | null {
  const value = row?.[column];
  if (value === null || typeof value === 'string') return value;
  throw unexpectedRow(operation);
}

/** Reads the stored values of one request and its outcome back into a {@link TrackedRequest}. */
export async function trackedFrom(
  operation: string,
  box: KeyRing,
  requestId: string,
  storedRequest: string | null,
  storedOutcome: string | null,
): Promise<TrackedRequest> {
  if (storedRequest === null) throw malformed(operation, 'the stored request is missing');
  const request = await parsed(operation, box, storedRequest, 'request', requestId);
  if (!v.is(PendingRequestSchema, request) || request.requestId !== requestId) {
    throw malformed(operation, 'the stored request is not a pending request');
  }
  if (storedOutcome === null) return { request: request as PendingRequest };
  const outcome = await parsed(operation, box, storedOutcome, 'outcome', requestId);
  if (!v.is(SignInOutcomeSchema, outcome)) throw malformed(operation, 'the stored outcome is not a sign-in outcome');
  return { request: request as PendingRequest, outcome: outcome as SignInOutcome };
}

/** Reads a stored parked callback back. */
export async function parkedFrom(
  operation: string,
  box: KeyRing,
  requestId: string,
  stored: string,
): Promise<ParkedCallback> {
  const callback = await parsed(operation, box, stored, 'parked', requestId);
  if (!v.is(ParkedCallbackSchema, callback)) throw malformed(operation, 'the stored callback is not a parked callback');
  return callback as ParkedCallback;
}

async function parsed(
  operation: string,
  box: KeyRing,
  stored: string,
  field: StoredField,
  requestId: string,
): Promise<unknown> {
  let json: string;
  try {
    json = await box.open(stored, field, requestId, operation);
  } catch (error) {
    throw new Error(`PostgresTracker.${operation}: the stored ${field} could not be read.`, { cause: error });
  }
  try {
    return JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the input; ours must not.
    throw malformed(operation, `the stored ${field} is not valid JSON`);
  }
}
