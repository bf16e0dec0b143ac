/**
 * The one scrubber for text that comes from outside the SDK (messages of errors thrown by fetch implementations,
 * store clients and drivers) before it is kept as a `cause` or put into one of our messages. One set of rules,
 * used by `safeCause` (every cause an SDK error keeps) and by the trackers (every store error they reject with):
 *
 * 1. only the first line is kept (drivers append details, queries and stacks on later lines);
 * 2. every value the SDK sent with the failed call (`sent`: keys, arguments, parameters), and each string inside
 *    a JSON one, also as it looks inside a JSON string, is replaced by `[redacted]`, longest first;
 * 3. anything that looks like a secret is replaced: whatever follows `Bearer` or a name such as `appKey`,
 *    `token`, `authorization`, `secret`, `password`, `state`; runs of 20+ URL-safe characters (tokens, appKeys,
 *    requestIds); phone-number-like digit runs (`[number]`);
 * 4. the result is capped at 300 characters.
 *
 * @internal
 */

const MAX_LENGTH = 300;
/** Longer input is cut before the patterns run, so a huge message costs nothing; a secret cut here is caught by 3. */
const MAX_INPUT = 4096;
/** Sent values shorter than this ('1', a ttl, 'request') would shred harmless words; secrets are longer. */
const MIN_SENT_LENGTH = 4;

// Tokens, appKeys and requestIds are long runs of URL-safe characters (Truecaller's tokens are 64, appKeys
// about 37); words, hostnames split at dots, ports and error codes are shorter. Phone numbers are 7+ digits.
const SECRET_LIKE = /[A-Za-z0-9_~+/=-]{20,}/g;
const NUMBER_LIKE = /\+?\d[\d -]{5,}\d/g;
// Whatever follows a name that says "secret" (`Bearer …`, `appKey: …`, `token=…`), however short.
const BEARER = /\b(bearer\s+)[^\s"',;&]+/gi;
const NAMED_SECRET =
  /\b(app[-_ ]?key|access[-_ ]?token|token|authorization|secret|password|state)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;

/** `text` with the rules above applied. */
export function scrub(text: string, sent: readonly (string | null | undefined)[] = []): string {
  let line = (text.split('\n', 1)[0] ?? '').slice(0, MAX_INPUT);
  for (const secret of secretsIn(sent)) line = line.split(secret).join('[redacted]');
  const scrubbed = line
    .replace(BEARER, '$1[redacted]')
    .replace(NAMED_SECRET, '$1$2[redacted]')
    .replace(SECRET_LIKE, '[redacted]')
    .replace(NUMBER_LIKE, '[number]');
  return scrubbed.length > MAX_LENGTH ? `${scrubbed.slice(0, MAX_LENGTH)}…` : scrubbed;
}

/**
 * The Error a tracker rejects with when its client failed: `<owner>.<operation>: the <store> client failed
 * (<name>: <scrubbed message>)`, with the client's `code` when it is a plain code (`ECONNREFUSED`, a SQLSTATE
 * such as `57P01`), and nothing else of the original (drivers keep the command, its arguments or the statement's
 * parameters on their errors).
 */
export function storeFailure(
  owner: string,
  store: string,
  operation: string,
  error: unknown,
  sent: readonly (string | null | undefined)[],
): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : 'non-error value thrown';
  const safe = new Error(`${owner}.${operation}: the ${store} client failed (${name}: ${scrub(message, sent)})`);
  const { code } = (error ?? {}) as { code?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) (safe as Error & { code: string }).code = code;
  return safe;
}

/**
 * The sent values, and the string values inside the JSON ones, each also as it looks inside a JSON string
 * (clients that quote a command as JSON escape quotes and backslashes), longest first.
 */
function secretsIn(sent: readonly (string | null | undefined)[]): string[] {
  if (sent.length === 0) return [];
  const found = new Set<string>();
  for (const value of sent) {
    if (typeof value !== 'string') continue;
    found.add(value);
    if (value.startsWith('{')) {
      try {
        collectStrings(JSON.parse(value), found);
      } catch {
        // Not JSON after all; the whole value is already listed.
      }
    }
  }
  for (const secret of [...found]) found.add(JSON.stringify(secret).slice(1, -1));
  return [...found].filter((secret) => secret.length >= MIN_SENT_LENGTH).sort((a, b) => b.length - a.length);
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) collectStrings(member, into);
  }
}
