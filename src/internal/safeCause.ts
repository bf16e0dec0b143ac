/**
 * A copy of an error that keeps only what helps debugging: name, code, a scrubbed message and, two levels
 * deep, its own cause. Errors thrown by fetch implementations or store clients can carry the request (with
 * the appKey or `Authorization` header) or the command's arguments (with an access token), as properties or
 * quoted in the message; the copy drops the properties and scrubs the message.
 */
export function safeCause(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(typeof error === 'string' ? scrub(error) : 'non-error value thrown');
  const cause = depth < 2 && error.cause !== undefined ? { cause: safeCause(error.cause, depth + 1) } : undefined;
  const copy = new Error(scrub(error.message), cause);
  copy.name = error.name;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' || typeof code === 'number') (copy as Error & { code: unknown }).code = code;
  return copy;
}

// Tokens, appKeys and requestIds are long runs of URL-safe characters (Truecaller's tokens are 64, appKeys
// about 37); words, hostnames split at dots, ports and error codes are shorter. Phone numbers are 7+ digits.
const SECRET_LIKE = /[A-Za-z0-9_~+/=-]{20,}/g;
const NUMBER_LIKE = /\+?\d[\d -]{5,}\d/g;
// Whatever follows a name that says "secret" (`Bearer …`, `appKey: …`, `token=…`), however short.
const BEARER = /\b(bearer\s+)[^\s"',;&]+/gi;
const NAMED_SECRET =
  /\b(app[-_ ]?key|access[-_ ]?token|token|authorization|secret|password|state)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;

/** Caps a message and replaces anything that could be a secret or a phone number. */
export function scrub(text: string): string {
  const capped = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return capped
    .replace(BEARER, '$1[redacted]')
    .replace(NAMED_SECRET, '$1$2[redacted]')
    .replace(SECRET_LIKE, '[redacted]')
    .replace(NUMBER_LIKE, '[number]');
}
