import { sha256 } from '../internal/digest.js';

/**
 * The sign-in's `state` for a browser session: base64url of SHA-256 over a fixed label and the session id. The
 * session id is a credential (often the session cookie itself); Truecaller and the tracker only ever see this
 * digest, which proves the same session without revealing it.
 *
 * @throws {TypeError} when the app's `state` function returned something other than a string.
 */
export async function stateOf(sessionId: unknown): Promise<string> {
  if (typeof sessionId !== 'string') {
    throw new TypeError('createTruecallerRoutes: the `state` function must return a string or undefined.');
  }
  const digest = await sha256(`truecaller-web-login/routes:state:${sessionId}`);
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
