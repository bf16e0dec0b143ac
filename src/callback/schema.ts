import * as v from 'valibot';
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

/** Optional members that are absent rather than `undefined` when not sent (what `withoutUndefined` gives). */
type Present<T> = { [Key in keyof T]?: Exclude<T[Key], undefined> };
/** One object type instead of an intersection (modifiers kept). */
type Flat<T> = { [Key in keyof T]: T[Key] };
type Authorized<State, Endpoint> = Flat<
  { type: 'authorized'; requestId: string; accessToken: string } & Present<{ state: State; endpoint: Endpoint }>
>;
type Rejected<State> = Flat<
  { type: 'rejected'; requestId: string; reason: RejectionReason } & Present<{ state: State }>
>;

// The public interfaces in `TruecallerCallback.ts` are pinned to these schemas' output types by
// `tests/types/callback.test-d.ts`.

/**
 * Success: `{"requestId","accessToken","state"?,"endpoint"?}`. `endpoint` (mobile-web flow) names the regional
 * profile URL; it is only a claim until the client checks it against the trusted hosts.
 */
export const AuthorizedCallbackSchema = v.pipe(
  v.object({ requestId: field, accessToken: field, state: optionalField, endpoint: v.optional(field) }),
  v.transform(({ requestId, accessToken, state, endpoint }) => {
    const callback: Authorized<typeof state, typeof endpoint> = { type: 'authorized', requestId, accessToken };
    if (state !== undefined) callback.state = state;
    if (endpoint !== undefined) callback.endpoint = endpoint;
    return callback;
  }),
);

/** Rejection: `{"requestId","status":"user_rejected"|"use_another_number"|…,"state"?}`. */
export const RejectedCallbackSchema = v.pipe(
  v.object({ requestId: field, status: field, state: optionalField }),
  v.transform(({ requestId, status, state }) => {
    const callback: Rejected<typeof state> = { type: 'rejected', requestId, reason: status };
    if (state !== undefined) callback.state = state;
    return callback;
  }),
);

export type {
  AuthorizedCallback,
  RejectedCallback,
  RejectionReason,
  TruecallerCallback,
} from './TruecallerCallback.js';
