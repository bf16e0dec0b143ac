import { readBoundedBytes } from '../http/readBoundedText.js';
import { MAX_JSON_BODY_BYTES } from '../internal/limits.js';
import { answerFor } from './errorAnswers.js';

/** A JSON object read from a route's body, or the answer that refuses the body. */
export type JsonObjectRead = { ok: true; object: Record<string, unknown> } | { ok: false; answer: Response };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a browser's JSON body (with `emptyIsObject`, no body at all reads as `{}`), stopping at {@link MAX_JSON_BODY_BYTES} without buffering more. Requiring
 * `application/json` also keeps cross-site forms out: a page on another origin cannot send that content type
 * without a CORS preflight, which the app does not grant.
 */
export async function readJsonObject(
  request: Request,
  options: { emptyIsObject?: boolean } = {},
): Promise<JsonObjectRead> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  const isJson = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/.test(contentType);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  // A body that may be empty has no content type then (fetch sends none for no body): only a body with bytes
  // must be JSON, and one that declares bytes is refused before it is read.
  if (!isJson && !(options.emptyIsObject === true && !(declared > 0))) {
    return refuse(answerFor('unsupported_media_type'));
  }
  if (declared > MAX_JSON_BODY_BYTES) return badRequest(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
  const bytes = await readAtMost(request, MAX_JSON_BODY_BYTES);
  if (bytes === 'too-large') return badRequest(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
  if (bytes === 'unreadable') return badRequest('The body could not be read.');
  if (bytes.byteLength === 0 && options.emptyIsObject === true) return { ok: true, object: {} };
  if (!isJson) return refuse(answerFor('unsupported_media_type'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    return badRequest('The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return badRequest('The body must be a JSON object.');
  }
  return { ok: true, object: parsed as Record<string, unknown> };
}

/** The body's bytes through the SDK's one bounded reader; a stream that fails is `'unreadable'`. */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array | 'too-large' | 'unreadable'> {
  if (request.body === null) return new Uint8Array();
  try {
    return (await readBoundedBytes(request.body, maxBytes)) ?? 'too-large';
  } catch {
    return 'unreadable';
  }
}

function badRequest(message: string): JsonObjectRead {
  return refuse(answerFor('bad_request', { message }));
}

function refuse(answer: Response): JsonObjectRead {
  return { ok: false, answer };
}
