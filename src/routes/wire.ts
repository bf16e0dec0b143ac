// The JSON the routes answer the browser with. Types only (no runtime code), so the dependency-free `/browser`
// entry and the server's route handlers share one definition of every answer.
import type { TruecallerErrorCode } from '../errors/TruecallerError.js';

/** 200 answer of the start route (`POST`, body `{ phoneNumber }`). */
export interface StartAnswer {
  /** Truecaller's requestId; the browser passes it to the status and cancel routes. Opaque. */
  requestId: string;
}

/** 200 answer of the mobile-web link route: the `truecallersdk://` link to open and the nonce it carries. */
export interface MobileWebLinkAnswer {
  /** `truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=…` */
  url: string;
  /** The link's `requestNonce`, which is the sign-in's requestId for the status and cancel routes. */
  requestId: string;
}

/** Why the user declined, as Truecaller's rejection callback says it. */
export type RejectionReasonAnswer = 'user_rejected' | 'use_another_number';

/**
 * 200 answer of the status route (`GET ?requestId=`). A `completed` answer may carry whatever the app's
 * `onCompleted` adds (the app decides what the browser learns; by default nothing more).
 */
export type StatusAnswer =
  | { status: 'pending' }
  | { status: 'completed'; [field: string]: unknown }
  | { status: 'rejected'; reason: RejectionReasonAnswer }
  | { status: 'expired' };

/** 200 answer of the cancel route (`POST`, body `{ requestId }`). */
export interface CancelAnswer {
  status: 'cancelled';
}

/**
 * Codes the routes themselves answer with, for problems that are not an SDK error:
 * - `bad_request` (400): a body that is not JSON, too large, or without the required field;
 * - `session_required` (401): the app's `state` function found no browser session;
 * - `not_found` (404): a callback whose URL does not end in the callback secret;
 * - `method_not_allowed` (405, with `Allow`): the wrong HTTP method for the route;
 * - `unsupported_media_type` (415): a start or cancel body that is not `application/json`;
 * - `internal_error` (500): a configuration error (such as a rejected appKey), never detailed.
 */
export type RouteErrorCode =
  | 'bad_request'
  | 'session_required'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'internal_error';

/**
 * The `error` of an {@link ErrorAnswer}: an SDK error code (`invalid_phone_number`, `request_pending`, …) or a
 * {@link RouteErrorCode}. `invalid_credentials` never appears: a configuration error is `internal_error`.
 */
export type ErrorAnswerCode = Exclude<TruecallerErrorCode, 'invalid_credentials'> | RouteErrorCode;

/**
 * Every non-2xx answer of every route. 429 (a pending number) and 503 (store down) also carry `Retry-After`
 * (seconds) and `retryAfterMs`; 405 carries `Allow`.
 */
export interface ErrorAnswer {
  error: ErrorAnswerCode;
  /** A short, fixed message for people; never holds a number, token, appKey or state. */
  message?: string;
  /** With 429 (a pending number) and 503 (store down): when to try again, in ms. */
  retryAfterMs?: number;
}
