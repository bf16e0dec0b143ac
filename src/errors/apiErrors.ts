import { TruecallerError, type TruecallerErrorOptions } from './TruecallerError.js';

/**
 * 403 from Truecaller, usually `apiCode` 1008: Truecaller sign-in can't be used for this number. It does not
 * prove the user has no Truecaller account (it also happens for numbers that work in the Android SDK), so tell
 * the user to use another sign-in method (OTP), not that they have no account.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof ForbiddenError) return offerOtpSignIn() // error.apiCode === 1008
 * }
 * ```
 */
export class ForbiddenError extends TruecallerError {
  override name = 'ForbiddenError' as const;
  declare readonly code: 'forbidden';
  constructor(options: TruecallerErrorOptions = {}) {
    super(
      'forbidden',
      'Truecaller refused sign-in for this phone number (403). Offer another sign-in method, such as an OTP.',
      { ...options, status: 403 },
    );
  }
}

/**
 * 404 on the start call: Truecaller does not accept the appKey (wrong, revoked, or created moments ago).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof InvalidCredentialsError) alertOps('Truecaller appKey rejected')
 * }
 * ```
 */
export class InvalidCredentialsError extends TruecallerError {
  override name = 'InvalidCredentialsError' as const;
  declare readonly code: 'invalid_credentials';
  constructor(options: TruecallerErrorOptions = {}) {
    super(
      'invalid_credentials',
      'Truecaller rejected the appKey (404 "Invalid partner credentials"). Check the key in the developer console.',
      { ...options, status: 404 },
    );
  }
}

/**
 * 401 on the profile call: the access token expired (it lives 10 minutes), was already used, or belongs to
 * another regional profile host. The user must start the sign-in again.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof InvalidTokenError) return Response.json({ status: 'restart' })
 * }
 * ```
 */
export class InvalidTokenError extends TruecallerError {
  override name = 'InvalidTokenError' as const;
  declare readonly code: 'invalid_token';
  constructor(options: TruecallerErrorOptions = {}) {
    super(
      'invalid_token',
      'Truecaller rejected the access token (401): it expired, was reused, or belongs to another profile host. Start the sign-in again.',
      { ...options, status: 401 },
    );
  }
}

/**
 * 5xx from Truecaller (after any retries). `status` says which.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof ServerError) return new Response(null, { status: 502 }) // error.status: 500…599
 * }
 * ```
 */
export class ServerError extends TruecallerError {
  override name = 'ServerError' as const;
  declare readonly code: 'server_error';
  constructor(status: number, options: TruecallerErrorOptions = {}) {
    super('server_error', `Truecaller answered with server error ${status}. Try again later.`, {
      ...options,
      status,
    });
  }
}

/**
 * A response the SDK cannot use: a status it does not expect (429, a redirect, other 4xx), or a 2xx whose body is
 * too large, not JSON, or JSON of the wrong shape.
 *
 * `status` follows one rule, as on every SDK error: it is the HTTP status of the Truecaller response the error
 * is about, always set (also the `200` of a 2xx whose body was the problem, so test `status >= 300` for "the
 * status was the problem"). Branch on `status === 429` to back off.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof UnexpectedResponseError && error.status === 429) retryLater()
 * }
 * ```
 */
export class UnexpectedResponseError extends TruecallerError {
  override name = 'UnexpectedResponseError' as const;
  declare readonly code: 'unexpected_response';
  constructor(message: string, options: TruecallerErrorOptions = {}) {
    super('unexpected_response', message, options);
  }
}
