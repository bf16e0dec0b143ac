import type { TruecallerErrorCode } from '../errors/TruecallerError.js';
import type { ErrorAnswer, ErrorAnswerCode, RouteErrorCode } from './wire.js';

/** How one error code is answered: the HTTP status, the `error` sent, and a fixed message for people. */
export interface ErrorAnswerSpec {
  readonly status: number;
  /** What `error` says; differs from the code only for configuration errors, which are never detailed. */
  readonly error: ErrorAnswerCode;
  readonly message: string;
}

/**
 * A row of the table: an SDK error code, a route-level code, or an SDK code qualified by the error's `reason`
 * where the reason changes the answer (`unknown_request:conflict` is 409, other `unknown_request`s 404).
 */
export type AnswerKey = TruecallerErrorCode | RouteErrorCode | 'unknown_request:conflict';

const SIGN_IN_UNAVAILABLE = 'Sign-in with Truecaller is unavailable right now. Try again later, or use another method.';
const NOT_VERIFIED = 'The sign-in could not be verified. Start again.';

/**
 * THE table: every code the routes can answer with, SDK error codes and route-level codes alike. README.md and
 * docs/error-handling.md print it (a test compares them with `errorResponse`). Messages are fixed words: an
 * answer never repeats what came in (a number, a token, a state) and never names a configuration problem.
 */
export const ERROR_ANSWERS: Readonly<Record<AnswerKey, ErrorAnswerSpec>> = {
  invalid_phone_number: {
    status: 400,
    error: 'invalid_phone_number',
    message: 'Check the phone number: it is not a valid mobile number.',
  },
  invalid_callback: { status: 400, error: 'invalid_callback', message: 'Not a Truecaller callback.' },
  bad_request: { status: 400, error: 'bad_request', message: 'The request is malformed.' },
  session_required: {
    status: 401,
    error: 'session_required',
    message: 'No browser session: reload the page and try again.',
  },
  forbidden: {
    status: 403,
    error: 'forbidden',
    message: 'Truecaller sign-in is not available for this number. Use another sign-in method.',
  },
  state_mismatch: { status: 403, error: 'state_mismatch', message: 'This sign-in belongs to another session.' },
  phone_number_mismatch: { status: 403, error: 'phone_number_mismatch', message: NOT_VERIFIED },
  untrusted_endpoint: { status: 403, error: 'untrusted_endpoint', message: NOT_VERIFIED },
  unknown_request: { status: 404, error: 'unknown_request', message: 'No pending sign-in has this id.' },
  not_found: { status: 404, error: 'not_found', message: 'Not found.' },
  method_not_allowed: { status: 405, error: 'method_not_allowed', message: 'This route does not take that method.' },
  'unknown_request:conflict': {
    status: 409,
    error: 'unknown_request',
    message: 'This sign-in was already answered differently.',
  },
  duplicate_request: { status: 409, error: 'duplicate_request', message: 'This sign-in id is already in use.' },
  unsupported_media_type: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'Send the body as JSON (Content-Type: application/json).',
  },
  request_pending: {
    status: 429,
    error: 'request_pending',
    message: 'A sign-in for this number is already pending: approve it on your phone, or try again later.',
  },
  invalid_credentials: { status: 500, error: 'internal_error', message: SIGN_IN_UNAVAILABLE },
  internal_error: { status: 500, error: 'internal_error', message: SIGN_IN_UNAVAILABLE },
  invalid_token: {
    status: 502,
    error: 'invalid_token',
    message: 'Truecaller did not accept the sign-in. Start again.',
  },
  server_error: { status: 502, error: 'server_error', message: SIGN_IN_UNAVAILABLE },
  unexpected_response: { status: 502, error: 'unexpected_response', message: SIGN_IN_UNAVAILABLE },
  network_error: { status: 502, error: 'network_error', message: SIGN_IN_UNAVAILABLE },
  tracker_error: { status: 503, error: 'tracker_error', message: 'Sign-in is briefly unavailable. Try again.' },
  timeout: { status: 504, error: 'timeout', message: SIGN_IN_UNAVAILABLE },
};

/** `Retry-After` of a 503 (the store failed): a store blip is short, and a retry costs one round trip. */
export const STORE_RETRY_AFTER_MS = 1_000;
/** `Retry-After` of a 429 when the tracker does not know how long the number's lock still runs. */
export const UNKNOWN_LOCK_RETRY_AFTER_MS = 30_000;

/** Headers of every answer: JSON, never cached (a status answer is one browser's, and changes). */
const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * Builds the answer for a code of the table. `retryAfterMs` (429, 503) becomes both `Retry-After` in whole
 * seconds (rounded up) and the body's `retryAfterMs`; `allow` (405) becomes the `Allow` header.
 */
export function answerFor(
  code: AnswerKey,
  extra: { retryAfterMs?: number; allow?: string; message?: string } = {},
): Response {
  const spec = ERROR_ANSWERS[code];
  const body: ErrorAnswer = { error: spec.error, message: extra.message ?? spec.message };
  const headers: Record<string, string> = { ...NO_STORE };
  if (extra.retryAfterMs !== undefined) {
    body.retryAfterMs = extra.retryAfterMs;
    headers['retry-after'] = String(Math.max(1, Math.ceil(extra.retryAfterMs / 1000)));
  }
  if (extra.allow !== undefined) headers.allow = extra.allow;
  return Response.json(body, { status: spec.status, headers });
}

/** A 2xx JSON answer, never cached. */
export function jsonAnswer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}
