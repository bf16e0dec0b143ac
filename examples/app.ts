// The three routes an app writes, as web-standard handlers: (Request) => Response. They run unchanged on
// Workers, Deno, Bun, Hono or Next.js route handlers; on Express, adapt req/res the usual way.
import {
  ForbiddenError,
  InvalidCallbackError,
  InvalidPhoneNumberError,
  PhoneNumberMismatchError,
  RequestPendingError,
  StateMismatchError,
  TrackerError,
  type TruecallerClient,
  UnknownRequestError,
} from 'truecaller-web-login';

/** POST /signin/truecaller {phoneNumber} — the browser starts a sign-in. */
export async function startRoute(client: TruecallerClient, request: Request, sessionId: string): Promise<Response> {
  const { phoneNumber } = (await request.json()) as { phoneNumber?: unknown };
  try {
    const { requestId } = await client.requestAuthorization({ phoneNumber: String(phoneNumber), state: sessionId });
    return Response.json({ requestId }, { status: 202 });
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return Response.json({ error: 'invalid_phone' }, { status: 400 });
    if (error instanceof RequestPendingError) {
      return Response.json({ error: 'pending', retryAfterMs: error.retryAfterMs }, { status: 429 });
    }
    // 403/1008: this number can't use Truecaller sign-in; offer an OTP instead.
    if (error instanceof ForbiddenError) return Response.json({ error: 'use_otp' }, { status: 409 });
    throw error;
  }
}

/** POST /truecaller/callback/<secret> — Truecaller delivers the outcome. Acknowledge fast; fetch nothing. */
export async function callbackRoute(client: TruecallerClient, request: Request): Promise<Response> {
  try {
    await client.handleCallback(request);
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof InvalidCallbackError) return new Response(null, { status: 400 });
    if (error instanceof StateMismatchError) return new Response(null, { status: 403 });
    if (error instanceof UnknownRequestError) return new Response(null, { status: 404 });
    if (error instanceof TrackerError) return new Response(null, { status: 503 });
    throw error;
  }
}

/** GET /signin/truecaller/status?requestId=… — the browser polls until the sign-in ends. */
export async function statusRoute(client: TruecallerClient, request: Request, sessionId: string): Promise<Response> {
  const requestId = new URL(request.url).searchParams.get('requestId') ?? '';
  if (requestId === '') return Response.json({ error: 'requestId is required' }, { status: 400 });
  try {
    const result = await client.completeSignIn(requestId, { state: sessionId });
    if (result.status !== 'completed') return Response.json({ status: result.status });
    // Sign the user in here (create your session); send the browser only what it needs.
    const { first = '', last = '' } = result.profile.name ?? {};
    return Response.json({ status: 'completed', name: `${first} ${last}`.trim() });
  } catch (error) {
    if (error instanceof StateMismatchError) return new Response(null, { status: 403 });
    if (error instanceof PhoneNumberMismatchError) return Response.json({ status: 'failed' }, { status: 403 });
    throw error;
  }
}
