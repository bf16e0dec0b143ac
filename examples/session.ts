// The app's side of a sign-in, shared by the examples: where the browser session comes from, and what "signed
// in" means. A real app uses its own sessions here; the SDK only needs a stable id per browser.
import type { CompletedSignIn } from 'truecaller-web-login';

/** The cookie that identifies a browser session. */
export const SESSION_COOKIE = 'sid';

/** Who is signed in, by session id. A real app writes its session store or users table instead. */
export const signedIn = new Map<string, { phoneNumber: string; name: string }>();

/** The browser session's id: the `sid` cookie that the sign-in page set. */
export function readSessionId(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** The page that shows the sign-in gives the browser its session first. */
export function signInPage(request: Request): Response {
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
  if (readSessionId(request) === undefined) {
    headers.append('set-cookie', `${SESSION_COOKIE}=${crypto.randomUUID()}; Path=/; HttpOnly; Secure; SameSite=Lax`);
  }
  return new Response('<!doctype html><title>Sign in</title><p>Sign in with Truecaller…</p>', { headers });
}

/**
 * `onCompleted`: the status poll that found the sign-in completed. Sign the browser's session in, and tell the
 * browser only what it needs (never the profile as a whole, never the token).
 */
export async function onCompleted(result: CompletedSignIn, request: Request): Promise<Response> {
  const sessionId = readSessionId(request);
  const { first = '', last = '' } = result.profile.name ?? {};
  const name = `${first} ${last}`.trim();
  if (sessionId !== undefined) signedIn.set(sessionId, { phoneNumber: result.phoneNumber, name });
  return Response.json({ status: 'completed', name }, { headers: { 'cache-control': 'no-store' } });
}
