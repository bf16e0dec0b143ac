import { InvalidCallbackError } from '../errors/inputErrors.js';
import { assertNotNodeRequest } from './nodeRequestGuard.js';
import { parseCallback, type SafeParseCallbackResult } from './parseCallback.js';
import { parseCallbackRequest } from './parseCallbackRequest.js';
import type { TruecallerCallback } from './schema.js';

/**
 * A callback body as a framework hands it over: a parsed JSON object, the raw JSON text, its bytes, or the
 * fields of a form post.
 *
 * @example
 * ```ts
 * const body: CallbackBody = await request.text()
 * ```
 */
export type CallbackBody = Record<string, unknown> | string | Uint8Array | ArrayBuffer | URLSearchParams;

/**
 * Everything `client.handleCallback` accepts: the web `Request` itself (read with a size limit), a raw
 * {@link CallbackBody}, or what {@link parseCallback} / {@link safeParseCallback} returned. A Node
 * `IncomingMessage` is not one of them: convert it with `truecaller-web-login/node`.
 *
 * @example
 * ```ts
 * await client.handleCallback(request)                     // a web Request
 * await client.handleCallback(await request.text())        // a raw body
 * await client.handleCallback(safeParseCallback(body))     // a parse result
 * ```
 */
export type CallbackInput = Request | CallbackBody | TruecallerCallback | SafeParseCallbackResult;

/**
 * Reads any {@link CallbackInput} into a validated callback. A parse result is checked again (it may have been
 * built by hand); a failed `safeParseCallback` result throws its error.
 *
 * @throws {InvalidCallbackError} the input is not a callback.
 * @throws {TypeError} the input is a Node.js request object (use the `/node` adapters).
 */
export async function readCallbackInput(input: CallbackInput): Promise<TruecallerCallback> {
  if (input instanceof Request) return parseCallbackRequest(input);
  assertNotNodeRequest(input, 'handleCallback');
  if (isSafeParseResult(input)) {
    if (input.success) return parseCallback(input.output);
    throw input.error instanceof InvalidCallbackError
      ? input.error
      : new InvalidCallbackError([{ path: '', message: 'is a failed parse result' }]);
  }
  return parseCallback(input);
}

function isSafeParseResult(value: unknown): value is SafeParseCallbackResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  try {
    const { success } = value as { success?: unknown };
    return typeof success === 'boolean' && ('output' in value || 'error' in value);
  } catch {
    return false;
  }
}
