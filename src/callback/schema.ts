import * as v from 'valibot';
import { withoutUndefined } from '../internal/withoutUndefined.js';
import { MAX_FIELD_LENGTH } from './limits.js';
import type { RejectionReason } from './TruecallerCallback.js';

// Messages are fixed words: valibot's default messages quote the received value, which may be a token.
const field = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters`),
);
const optionalField = v.optional(
  v.pipe(v.string('must be a string'), v.maxLength(MAX_FIELD_LENGTH, `must be at most ${MAX_FIELD_LENGTH} characters`)),
);

// The public interfaces in `TruecallerCallback.ts` are pinned to these schemas' output types by
// `tests/types/callback.test-d.ts`.

/**
 * Success: `{"requestId","accessToken","state"?,"endpoint"?}`. `endpoint` (mobile-web flow) names the regional
 * profile URL; it is only a claim until the client checks it against the trusted hosts.
 */
export const AuthorizedCallbackSchema = v.pipe(
  v.object({ requestId: field, accessToken: field, state: optionalField, endpoint: v.optional(field) }),
  v.transform(({ requestId, accessToken, state, endpoint }) => ({
    type: 'authorized' as const,
    requestId,
    accessToken,
    ...withoutUndefined({ state, endpoint }),
  })),
);

/** Rejection: `{"requestId","status":"user_rejected"|"use_another_number"|…,"state"?}`. */
export const RejectedCallbackSchema = v.pipe(
  v.object({ requestId: field, status: field, state: optionalField }),
  v.transform(({ requestId, status, state }) => ({
    type: 'rejected' as const,
    requestId,
    reason: status as RejectionReason,
    ...withoutUndefined({ state }),
  })),
);

export type {
  AuthorizedCallback,
  RejectedCallback,
  RejectionReason,
  TruecallerCallback,
} from './TruecallerCallback.js';
