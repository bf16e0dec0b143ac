/**
 * Every size and time limit the SDK checks input against, in one place: the checks (`assert.ts`), the callback
 * parser, the client, the routes and the mobile-web link read them from here.
 *
 * @internal
 */

/** Longest delay a timer can have (2^31 - 1 ms); a longer one fires at once. Caps every duration option. */
export const MAX_TIMER_MS = 2_147_483_647;
/** Longest `state` accepted anywhere (start, registration, polls, cancel, mobile-web link). */
export const MAX_STATE_LENGTH = 1024;
/**
 * Longest opaque identifier, token or URL accepted: requestIds, access tokens, a callback's fields, the
 * mobile-web link's URLs. Truecaller and this SDK never issue longer ones, so a longer requestId is answered as
 * unknown without asking the store.
 */
export const MAX_ID_LENGTH = 2048;
/** Largest callback body accepted by default. Truecaller's callbacks are a few hundred bytes. */
export const MAX_CALLBACK_BYTES = 16 * 1024;
/** Most top-level fields a callback object may have; Truecaller sends at most four. */
export const MAX_FIELDS = 32;
/**
 * Milliseconds a callback body may take to arrive by default: inside the 3 s Truecaller allows for the
 * acknowledgement, with time left to record the outcome and answer.
 */
export const CALLBACK_READ_TIMEOUT = 2_000;
/** Largest JSON body the routes read from the browser (`{ phoneNumber }`, `{ requestId }`). */
export const MAX_JSON_BODY_BYTES = 4 * 1024;
