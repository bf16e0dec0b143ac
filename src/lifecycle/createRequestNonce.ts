import { randomToken } from '../internal/random.js';

/**
 * A fresh `requestNonce` for the mobile-web flow's deep link: 32 URL-safe characters from the platform CSPRNG
 * (Truecaller accepts 8 to 64). It comes back as the callback's `requestId`; register it with
 * `client.registerRequest({ requestId })` before opening the link.
 *
 * @example
 * ```ts
 * const requestId = createRequestNonce()
 * await client.registerRequest({ requestId, state: session.id })
 * ```
 */
export function createRequestNonce(): string {
  return randomToken(24);
}
