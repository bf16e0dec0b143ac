/** Largest callback body accepted by default. Truecaller's callbacks are a few hundred bytes. */
export const MAX_CALLBACK_BYTES = 16 * 1024;
/** Longest single field (requestId, accessToken, state, endpoint, status) accepted. */
export const MAX_FIELD_LENGTH = 2 * 1024;
/** Most top-level fields a callback object may have; Truecaller sends at most four. */
export const MAX_FIELDS = 32;
