// The JSON the routes answer the browser with. Types only (no runtime code), so the dependency-free `/browser`
// entry and the server's route handlers share one definition of every answer.

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
 * Every non-2xx answer of every route: `error` is the SDK's error code (`invalid_phone_number`, `request_pending`,
 * …) or a route-level code (`bad_request`, `internal_error`). 429 and 503 also carry `Retry-After` (seconds).
 */
export interface ErrorAnswer {
  error: string;
  /** A short message for people; never holds a number, token, appKey or state. */
  message?: string;
  /** With 429 (a pending number) and 503 (store down): when to try again, in ms. */
  retryAfterMs?: number;
}
