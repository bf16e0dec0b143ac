import * as v from 'valibot';
import { type CallbackIssue, InvalidCallbackError } from '../errors/inputErrors.js';
import { MAX_CALLBACK_BYTES } from './limits.js';
import { assertNotNodeRequest } from './nodeRequestGuard.js';
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
 * `URLSearchParams`; also its own output (checked again), so `parseCallback(parseCallback(body))` works. Returns `{ type: 'authorized', requestId, accessToken, state?, endpoint? }` or
 * `{ type: 'rejected', requestId, reason, state? }`. Unknown extra fields are dropped. Parsing says nothing
 * about authenticity: the callback is unsigned, so bind it to a pending request with
 * `client.handleCallback()` (which calls this) before acting on it.
 *
 * @throws {InvalidCallbackError} for any other input: wrong type, over 16 KiB, a field over 2 KiB, an unknown
 * shape, or keys such as `__proto__`. Its `issues` never repeat the values.
 * @throws {TypeError} for a Node.js request object (`IncomingMessage`): pass its body, or use the `/node` adapters.
 * @example
 * ```ts
 * const callback = parseCallback(await request.text())
 * if (callback.type === 'authorized') console.log(callback.requestId)
 * ```
 */
export function parseCallback(body: unknown): TruecallerCallback {
  assertNotNodeRequest(body, 'parseCallback');
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
  const parsed = reparse(read.object);
  if (parsed !== undefined) return parsed;
  // Rejections are the only callbacks with a status ("status is only sent for rejected cases").
  return parseWith('status' in read.object ? RejectedCallbackSchema : AuthorizedCallbackSchema, read.object, {});
}

/**
 * An already-parsed callback (`{ type: 'authorized' | 'rejected', … }`) goes through the same schemas as the
 * wire shape it came from, so it gets exactly the same checks. Truecaller's own bodies have no `type`.
 */
function reparse(object: Record<string, unknown>): TruecallerCallback | undefined {
  const type = object.type;
  // Truecaller's own bodies have no `type`: the common case copies nothing.
  if (type !== 'authorized' && type !== 'rejected') return undefined;
  const { type: _type, ...rest } = object;
  if (type === 'authorized') return parseWith(AuthorizedCallbackSchema, rest, {});
  const { reason, ...others } = rest;
  // The wire calls the reason `status`; issues keep the name the caller used.
  return parseWith(RejectedCallbackSchema, { ...others, status: reason }, { status: 'reason' });
}

function parseWith(
  schema: typeof AuthorizedCallbackSchema | typeof RejectedCallbackSchema,
  object: Record<string, unknown>,
  renames: Record<string, string>,
): TruecallerCallback {
  const result = v.safeParse(schema, object);
  if (result.success) return result.output;
  throw new InvalidCallbackError(
    result.issues.map(toIssue).map((issue) => ({ ...issue, path: renames[issue.path] ?? issue.path })),
  );
}

function toIssue(issue: v.BaseIssue<unknown>): CallbackIssue {
  // The callback schemas are flat objects: a path is at most one field name.
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  // valibot's "received" part can quote the value; our schema messages never do, the fallback keeps it so.
  return { path, message: issue.kind === 'schema' && issue.type === 'object' ? 'is required' : issue.message };
}
