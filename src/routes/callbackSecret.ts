import { constantTimeEqual } from '../internal/constantTimeEqual.js';

/** What a callback secret may be made of: URL path characters that need no encoding, 16 to 256 of them. */
const SECRET_SHAPE = /^[A-Za-z0-9._~-]{16,256}$/;

/**
 * Checks a `callbackSecret` option at construction, so a weak or unusable secret fails at start-up.
 *
 * @throws {TypeError} naming the rule it breaks.
 */
export function checkCallbackSecret(secret: unknown): string | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret !== 'string' || !SECRET_SHAPE.test(secret)) {
    throw new TypeError(
      'createTruecallerRoutes: `callbackSecret` must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ - ' +
        '(e.g. crypto.randomUUID()), the last path segment of the callback URL set in Truecaller’s console.',
    );
  }
  return secret;
}

/**
 * Whether the request's URL ends in the secret as its last path segment (one trailing slash allowed).
 * Compared in constant time: how much of a guess matched never shows in the answer's timing.
 */
export async function hasCallbackSecret(request: Request, secret: string): Promise<boolean> {
  const segments = new URL(request.url).pathname.split('/');
  const last = segments.at(-1) === '' ? segments.at(-2) : segments.at(-1);
  return constantTimeEqual(last ?? '', secret);
}
