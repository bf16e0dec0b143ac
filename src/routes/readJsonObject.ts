import { readBoundedBytes } from '../http/readBoundedText.js';
import { MAX_JSON_BODY_BYTES } from '../internal/limits.js';
import { answerFor } from './errorAnswers.js';

/** A JSON object read from a route's body, or the answer that refuses the body. */
export type JsonObjectRead = { ok: true; object: Record<string, unknown> } | { ok: false; answer: Response };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a browser's JSON body, stopping at {@link MAX_JSON_BODY_BYTES} without buffering more. Requiring
 * `application/json` also keeps cross-site forms out: a page on another origin cannot send that content type
 * without a CORS preflight, which the app does not grant.
 */
export async function readJsonObject(request: Request): Promise<JsonObjectRead> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/.test(contentType)) {
    return refuse(answerFor('unsupported_media_type'));
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_JSON_BODY_BYTES) return badRequest(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
  const bytes = await readAtMost(request, MAX_JSON_BODY_BYTES);
  if (bytes === 'too-large') return badRequest(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
  if (bytes === 'unreadable') return badRequest('The body could not be read.');
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
