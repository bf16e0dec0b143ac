/** Largest callback body accepted by default. Truecaller's callbacks are a few hundred bytes. */
export const MAX_CALLBACK_BYTES = 16 * 1024;
/** Longest single field (requestId, accessToken, state, endpoint, status) accepted. */
export const MAX_FIELD_LENGTH = 2 * 1024;
/** Most top-level fields a callback object may have; Truecaller sends at most four. */
export const MAX_FIELDS = 32;
/**
 * Milliseconds a callback body may take to arrive by default: inside the 3 s Truecaller allows for the
 * acknowledgement, with time left to record the outcome and answer.
 */
export const CALLBACK_READ_TIMEOUT = 2_000;
/** Longest delay a timer can have (2^31 - 1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;
