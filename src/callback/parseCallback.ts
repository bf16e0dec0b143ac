import * as v from 'valibot';
import { type CallbackIssue, InvalidCallbackError } from '../errors/inputErrors.js';
import { MAX_CALLBACK_BYTES } from './limits.js';
import { readCallbackBody } from './readCallbackBody.js';
import { AuthorizedCallbackSchema, RejectedCallbackSchema, type TruecallerCallback } from './schema.js';

/** The result of {@link safeParseCallback}: the callback, or the error `parseCallback` would have thrown. */
export type SafeParseCallbackResult =
  | { success: true; output: TruecallerCallback }
  | { success: false; error: InvalidCallbackError };

/**
 * Reads the body Truecaller POSTs to your callback URL, without trusting it.
 *
 * Accepts what your framework gives you: a parsed object, a JSON string, a `Uint8Array`/`ArrayBuffer`, or
 * `URLSearchParams`. Returns `{ type: 'authorized', requestId, accessToken, state?, endpoint? }` or
 * `{ type: 'rejected', requestId, reason, state? }`. Unknown extra fields are dropped. Parsing says nothing
 * about authenticity: the callback is unsigned, so bind it to a pending request with
 * `client.handleCallback()` (which calls this) before acting on it.
 *
 * @throws {InvalidCallbackError} for any other input: wrong type, over 16 KiB, a field over 2 KiB, an unknown
 * shape, or keys such as `__proto__`. Its `issues` never repeat the values.
 * @example
 * ```ts
 * const callback = parseCallback(await request.text())
 * if (callback.type === 'authorized') console.log(callback.requestId)
 * ```
 */
export function parseCallback(body: unknown): TruecallerCallback {
  return parseCallbackWithLimit(body, MAX_CALLBACK_BYTES);
}

/**
 * {@link parseCallback} without the throw: failure is an ordinary outcome for a public, unsigned endpoint.
 *
 * @example
 * ```ts
 * const result = safeParseCallback(body)
 * if (!result.success) return new Response(null, { status: 400 })
 * ```
 */
export function safeParseCallback(body: unknown): SafeParseCallbackResult {
  try {
    return { success: true, output: parseCallback(body) };
  } catch (error) {
    if (error instanceof InvalidCallbackError) return { success: false, error };
    throw error;
  }
}

/** @internal {@link parseCallback} with a caller-chosen size limit, for `parseCallbackRequest`. */
export function parseCallbackWithLimit(body: unknown, maxBytes: number): TruecallerCallback {
  const read = readCallbackBody(body, maxBytes);
  if (!read.ok) throw new InvalidCallbackError([read.issue]);
  // Rejections are the only callbacks with a status ("status is only sent for rejected cases").
  const schema = 'status' in read.object ? RejectedCallbackSchema : AuthorizedCallbackSchema;
  const result = v.safeParse(schema, read.object);
  if (result.success) return result.output;
  throw new InvalidCallbackError(result.issues.map(toIssue));
}

function toIssue(issue: v.BaseIssue<unknown>): CallbackIssue {
  const path = v.getDotPath(issue) ?? '';
  // valibot's "received" part can quote the value; our schema messages never do, the fallback keeps it so.
  return { path, message: issue.kind === 'schema' && issue.type === 'object' ? 'is required' : issue.message };
}
