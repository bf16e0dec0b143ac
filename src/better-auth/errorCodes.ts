// Plain data, no Better Auth import: the client entry shares this object with the server plugin.

const define = <const T extends Record<string, string>>(messages: T): { [K in keyof T]: { code: K; message: T[K] } } =>
  Object.fromEntries(Object.entries(messages).map(([code, message]) => [code, { code, message }])) as {
    [K in keyof T]: { code: K; message: T[K] };
  };

/**
 * Error codes of the Truecaller plugin, in Better Auth's `$ERROR_CODES` form (`{ code, message }`). Every error
 * answer's body carries `code` (one of these), `message`, and `error`: the SDK's own lower-case code
 * (`request_pending`, `state_mismatch`, …), which the `/browser` helpers read.
 *
 * The SDK's codes map one to one (`invalid_phone_number` -> `INVALID_PHONE_NUMBER`); the plugin adds its own for
 * what happens after Truecaller verified the number (`SIGN_UP_DISABLED`, `EMAIL_ALREADY_IN_USE`, …).
 *
 * @example
 * ```ts
 * const { error } = await authClient.signIn.truecaller({ phoneNumber })
 * if (error?.code === TRUECALLER_ERROR_CODES.SIGN_UP_DISABLED.code) showOtpForm()
 * ```
 */
export const TRUECALLER_ERROR_CODES = define({
  INVALID_PHONE_NUMBER: 'Not a valid mobile number.',
  REQUEST_PENDING: 'A sign-in for this number is already pending: approve it on your phone, or try again later.',
  FORBIDDEN: 'Truecaller cannot verify this number: use another sign-in method.',
  INVALID_TOKEN: 'Truecaller refused the access token of this sign-in: start again.',
  SERVER_ERROR: 'Truecaller is not answering properly: try again, or use another sign-in method.',
  UNEXPECTED_RESPONSE: 'Truecaller is not answering properly: try again, or use another sign-in method.',
  NETWORK_ERROR: 'Truecaller could not be reached: try again, or use another sign-in method.',
  TIMEOUT: 'Truecaller did not answer in time: try again, or use another sign-in method.',
  INVALID_CALLBACK: 'Not a Truecaller callback.',
  UNTRUSTED_ENDPOINT: 'The callback names a profile host that is not trusted.',
  UNKNOWN_REQUEST: 'No pending sign-in has this requestId.',
  DUPLICATE_REQUEST: 'This requestId is already in use.',
  STATE_MISMATCH: 'This sign-in was started in another browser.',
  PHONE_NUMBER_MISMATCH: 'The verified profile does not belong to the requested number.',
  TRACKER_ERROR: 'Sign-ins are unavailable right now: try again shortly.',
  INTERNAL_ERROR: 'Sign-in with Truecaller is unavailable right now. Try again later, or use another method.',
  SIGN_UP_DISABLED: 'No account has this number, and new accounts cannot be created with Truecaller.',
  EMAIL_ALREADY_IN_USE:
    'Another account uses the email address this sign-up would get: sign in to it and add your number.',
  FAILED_TO_CREATE_USER: 'The account could not be created.',
  FAILED_TO_CREATE_SESSION: 'The session could not be created.',
  MOBILE_WEB_NOT_CONFIGURED: 'Mobile-web sign-in is not enabled on this server (the plugin has no `mobileWeb` option).',
});

/**
 * One of {@link TRUECALLER_ERROR_CODES}' keys: the `code` of the plugin's error answers.
 *
 * @example
 * ```ts
 * const fallBackToOtp: TruecallerErrorCodeKey[] = ['FORBIDDEN', 'SIGN_UP_DISABLED']
 * ```
 */
export type TruecallerErrorCodeKey = keyof typeof TRUECALLER_ERROR_CODES;
