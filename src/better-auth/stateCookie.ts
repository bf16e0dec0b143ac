import type { GenericEndpointContext } from 'better-auth';
import { randomToken } from '../internal/random.js';

/** The cookie's name before Better Auth's prefix (`better-auth.truecaller_state`, `__Secure-` on https). */
const COOKIE_NAME = 'truecaller_state';

/**
 * The sign-in `state` of this browser: a random value kept in an httpOnly cookie signed with Better Auth's
 * secret (its own cookie helpers, its prefix and `Secure` rules). Every sign-in is started with it and every poll,
 * cancel and callback must present the same one, so only the browser that started a sign-in can finish it.
 * A browser that has a valid cookie keeps its state (two tabs signing in at once both work); one without, or with
 * a tampered cookie, gets a fresh 256-bit value. Nothing the callback carries is ever trusted for this binding.
 *
 * The cookie lives as long as the sign-in can be finished: the client's `pendingTtl` (rounded up to whole
 * seconds), counted again from every start, so it outlives every sign-in this browser has pending.
 *
 * @param pendingTtl the client's `pendingTtl`, in ms.
 * @example
 * ```ts
 * const state = await startSignInState(ctx, 600_000)
 * await client.requestAuthorization({ phoneNumber, state })
 * ```
 */
export async function startSignInState(ctx: GenericEndpointContext, pendingTtl: number): Promise<string> {
  const state = (await readSignInState(ctx)) ?? randomToken(32);
  const cookie = ctx.context.createAuthCookie(COOKIE_NAME, { maxAge: Math.ceil(pendingTtl / 1000) });
  await ctx.setSignedCookie(cookie.name, state, ctx.context.secret, cookie.attributes);
  return state;
}

/**
 * The state in this request's signed cookie, or `undefined` when there is none or its signature is wrong (the SDK
 * then answers `state_mismatch` for any sign-in that was started with a state).
 *
 * @example
 * ```ts
 * const result = await client.completeSignIn(requestId, { state: await readSignInState(ctx) })
 * ```
 */
export async function readSignInState(ctx: GenericEndpointContext): Promise<string | undefined> {
  const cookie = ctx.context.createAuthCookie(COOKIE_NAME);
  const value = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
