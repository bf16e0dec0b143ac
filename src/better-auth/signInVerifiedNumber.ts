import type { GenericEndpointContext, User } from 'better-auth';
import { APIError } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import type { TruecallerProfile } from 'truecaller-web-login';
import type { ResolvedPluginOptions } from './options.js';
import { pluginError } from './toAPIError.js';

/** The user fields the plugin owns; `mapProfileToUser` cannot set them. */
const PROTECTED_FIELDS = ['id', 'createdAt', 'updatedAt', 'phoneNumber', 'phoneNumberVerified'];

/** A verified sign-in: the number in E.164 digits without `+` and the profile it was verified with. */
export interface VerifiedNumber {
  phoneNumber: string;
  profile: TruecallerProfile;
}

/**
 * Turns a number Truecaller verified into a Better Auth session: finds the user whose `phoneNumber` is it
 * (`+` and the E.164 digits, as the `phoneNumber` plugin stores numbers), or creates one when `signUp` allows;
 * marks the number verified; creates the session and sets Better Auth's session cookie on `ctx`.
 *
 * Two sign-ins racing to create the same new number end on one user: the column is unique, so the loser's
 * insert fails and it signs in to the winner's user. An existing account is never linked by email (Truecaller's
 * email is unverified): a sign-up whose email belongs to another user is refused with `EMAIL_ALREADY_IN_USE`.
 *
 * @throws {APIError} `SIGN_UP_DISABLED` (403), `EMAIL_ALREADY_IN_USE` (409), `FAILED_TO_CREATE_USER` or
 *   `FAILED_TO_CREATE_SESSION` (500).
 * @example
 * ```ts
 * const result = await client.completeSignIn(requestId, { state })
 * if (result.status === 'completed') {
 *   const { user, session } = await signInVerifiedNumber(ctx, options, result)
 * }
 * ```
 */
export async function signInVerifiedNumber(
  ctx: GenericEndpointContext,
  options: ResolvedPluginOptions,
  verified: VerifiedNumber,
): Promise<{ user: User; session: { token: string } }> {
  const phoneNumber = `+${verified.phoneNumber}`;
  let user = await findUserByPhoneNumber(ctx, phoneNumber);
  if (user === null) {
    user = await signUp(ctx, options, phoneNumber, verified.profile);
  } else if (user.phoneNumberVerified !== true) {
    user = (await ctx.context.internalAdapter.updateUser(user.id, { phoneNumberVerified: true })) ?? user;
  }
  const session = await ctx.context.internalAdapter.createSession(user.id);
  if (!session) throw pluginError('INTERNAL_SERVER_ERROR', 'FAILED_TO_CREATE_SESSION');
  await setSessionCookie(ctx, { session, user });
  return { user, session };
}

type PhoneUser = User & { phoneNumber?: string | null; phoneNumberVerified?: boolean | null };

function findUserByPhoneNumber(ctx: GenericEndpointContext, phoneNumber: string): Promise<PhoneUser | null> {
  return ctx.context.adapter.findOne<PhoneUser>({
    model: 'user',
    where: [{ field: 'phoneNumber', value: phoneNumber }],
  });
}

async function signUp(
  ctx: GenericEndpointContext,
  options: ResolvedPluginOptions,
  phoneNumber: string,
  profile: TruecallerProfile,
): Promise<PhoneUser> {
  if (options.signUp === false) throw pluginError('FORBIDDEN', 'SIGN_UP_DISABLED');
  const name = options.signUp.name?.(profile) ?? defaultName(profile, phoneNumber);
  const email = (options.signUp.email?.(profile) ?? `${phoneNumber.slice(1)}@truecaller.invalid`).toLowerCase();
  const extra = { ...options.mapProfileToUser?.(profile) } as Record<string, unknown>;
  for (const field of PROTECTED_FIELDS) delete extra[field];

  if ((await ctx.context.internalAdapter.findUserByEmail(email)) !== null) {
    throw pluginError('CONFLICT', 'EMAIL_ALREADY_IN_USE');
  }
  try {
    const created = await ctx.context.internalAdapter.createUser<PhoneUser>(
      { name, email, ...extra, phoneNumber, phoneNumberVerified: true },
      { method: 'truecaller' },
    );
    if (created) return created;
  } catch (error) {
    // Most likely another sign-in created this number's user first (unique phoneNumber): use that one.
    const winner = await findUserByPhoneNumber(ctx, phoneNumber);
    if (winner !== null) return winner;
    if (error instanceof APIError) throw error;
    // Not the error itself: a database's message can quote the row, phone number included.
    ctx.context.logger.error('truecaller plugin: creating the user failed', describe(error));
  }
  throw pluginError('INTERNAL_SERVER_ERROR', 'FAILED_TO_CREATE_USER');
}

function defaultName(profile: TruecallerProfile, phoneNumber: string): string {
  const name = [profile.name?.first, profile.name?.last].filter((part) => part !== undefined && part !== '').join(' ');
  return name === '' ? phoneNumber : name;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
