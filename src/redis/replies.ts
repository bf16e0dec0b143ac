import * as v from 'valibot';
import type {
  ParkedCallback,
  PendingRequest,
  SignInOutcome,
  TrackedRequest,
} from '../trackers/PendingRequestTracker.js';
import { ParkedCallbackSchema, PendingRequestSchema, SignInOutcomeSchema } from '../trackers/schema.js';
import { VALUE_MARK } from './scripts.js';

/**
 * Reading Redis replies, failing closed. Anything that is not exactly the shape our scripts produce (a reply of
 * another type, JSON that does not parse, a request for another id) throws, so the tracker rejects instead of
 * guessing. Stored values are checked against the stored-record schemas every tracker shares
 * (`src/trackers/schema.ts`). Messages never quote the reply: it may hold an access token.
 *
 * @internal
 */

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Thrown for a reply of a shape our commands never produce. */
export function unexpectedReply(operation: string): Error {
  return new Error(`RedisTracker.${operation}: Redis returned an unexpected reply.`);
}

/** Thrown for a stored value that is not what RedisTracker writes. */
export function malformed(operation: string, what: string): Error {
  return new Error(`RedisTracker.${operation}: ${what}. The key holds data RedisTracker did not write; delete it.`);
}

/** A bulk string reply, as a string (node-redis may be set to return Buffers), or `null` for nil. */
export function stringOrNull(operation: string, reply: unknown): string | null {
  if (reply === null || typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) {
    try {
      return decoder.decode(reply);
    } catch {
      throw malformed(operation, 'Redis returned a value that is not UTF-8');
    }
  }
  throw unexpectedReply(operation);
}

/** An array reply whose members are strings (or nil). */
export function stringArray(operation: string, reply: unknown): (string | null)[] {
  if (!Array.isArray(reply)) throw unexpectedReply(operation);
  return reply.map((member) => stringOrNull(operation, member));
}

/** An integer reply (a number, or a string of digits from clients set to `stringNumbers`). */
export function integer(operation: string, reply: unknown): number {
  if (typeof reply === 'number' && Number.isSafeInteger(reply)) return reply;
  if (typeof reply === 'string' && /^-?\d{1,15}$/.test(reply)) return Number(reply);
  if (typeof reply === 'bigint') return integer(operation, String(reply));
  throw unexpectedReply(operation);
}

/**
 * A script's reply `{tag, ~value, ...}`: the tag, and the stored values after it without their
 * {@link VALUE_MARK}. A member without the mark (a client changed it, or it is not our script's reply) fails
 * closed.
 */
export function tagged(operation: string, reply: unknown): [string, ...string[]] {
  const [tag, ...rest] = stringArray(operation, reply);
  if (typeof tag !== 'string') throw unexpectedReply(operation);
  return [tag, ...rest.map((member) => unmarked(operation, member))];
}

function unmarked(operation: string, member: string | null): string {
  if (member === null || !member.startsWith(VALUE_MARK)) throw unexpectedReply(operation);
  return member.slice(VALUE_MARK.length);
}

/** The lock script's reply: `{'acquired'}`, or `{'held', pttl}`. */
export function lockReply(operation: string, reply: unknown): { acquired: true } | { acquired: false; pttl: number } {
  if (!Array.isArray(reply) || reply.length === 0 || reply.length > 2) throw unexpectedReply(operation);
  const tag = stringOrNull(operation, reply[0]);
  if (tag === 'acquired' && reply.length === 1) return { acquired: true };
  if (tag === 'held' && reply.length === 2) return { acquired: false, pttl: integer(operation, reply[1]) };
  throw unexpectedReply(operation);
}

/** A reply that is one of `expected` (a bulk or status string). */
export function oneOf<const T extends string>(operation: string, reply: unknown, expected: readonly T[]): T {
  const text = reply instanceof Uint8Array ? stringOrNull(operation, reply) : reply;
  if (typeof text === 'string' && (expected as readonly string[]).includes(text)) return text as T;
  throw unexpectedReply(operation);
}

/**
 * Rebuilds a {@link TrackedRequest} from the stored JSON strings of its request and (optional) outcome, checking
 * that the request is the one asked for.
 */
export function trackedFrom(
  operation: string,
  requestId: string,
  requestJson: string | null | undefined,
  outcomeJson: string | null | undefined,
): TrackedRequest {
  const request = parseJson(operation, requestJson, 'request');
  if (!v.is(PendingRequestSchema, request) || request.requestId !== requestId) {
    throw malformed(operation, 'the stored request is not a pending request');
  }
  if (outcomeJson === null || outcomeJson === undefined || outcomeJson === '') {
    return { request: request as PendingRequest };
  }
  const outcome = parseJson(operation, outcomeJson, 'outcome');
  if (!v.is(SignInOutcomeSchema, outcome)) throw malformed(operation, 'the stored outcome is not a sign-in outcome');
  return { request: request as PendingRequest, outcome: outcome as SignInOutcome };
}

/** Rebuilds a {@link ParkedCallback} from its stored JSON. */
export function parkedFrom(operation: string, json: string): ParkedCallback {
  const parked = parseJson(operation, json, 'parked callback');
  if (!v.is(ParkedCallbackSchema, parked)) {
    throw malformed(operation, 'the stored parked callback is not a parked callback');
  }
  return parked as ParkedCallback;
}

function parseJson(operation: string, json: string | null | undefined, field: string): unknown {
  if (typeof json !== 'string' || json === '') throw malformed(operation, `the stored ${field} is missing`);
  try {
    return JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the input; ours must not.
    throw malformed(operation, `the stored ${field} is not valid JSON`);
  }
}
