import { scrub } from './scrub.js';

/**
 * A copy of an error that keeps only what helps debugging: name, code, a scrubbed message (see `scrub.ts`, the
 * one set of rules) and, two levels deep, its own cause. Errors thrown by fetch implementations or store clients
 * can carry the request (with the appKey or `Authorization` header) or the command's arguments (with an access
 * token), as properties or quoted in the message; the copy drops the properties and scrubs the message.
 */
export function safeCause(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(typeof error === 'string' ? scrub(error) : 'non-error value thrown');
  const cause = depth < 2 && error.cause !== undefined ? { cause: safeCause(error.cause, depth + 1) } : undefined;
  const copy = new Error(scrub(error.message), cause);
  copy.name = error.name;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' || typeof code === 'number') (copy as Error & { code: unknown }).code = code;
  return copy;
}
