// Plain data, no Better Auth import: the client entry shares this object with the server plugin.
import { ERROR_ANSWERS } from '../routes/errorAnswers.js';
import type { ErrorAnswerCode, RouteErrorCode } from '../routes/wire.js';

const define = <const T extends Record<string, string>>(messages: T): { [K in keyof T]: { code: K; message: T[K] } } =>
  Object.fromEntries(Object.entries(messages).map(([code, message]) => [code, { code, message }])) as {
    [K in keyof T]: { code: K; message: T[K] };
  };

/** The codes an SDK error is answered with (`invalid_credentials` is answered `internal_error`). */
type SdkAnswerCode = Exclude<ErrorAnswerCode, RouteErrorCode> | 'internal_error';

/** The routes' message for a code: the plugin answers with the table's words, so `$ERROR_CODES` says the same. */
const answered = (code: SdkAnswerCode): string => ERROR_ANSWERS[code].message;

/** One entry per code an SDK error can be answered with, in Better Auth's upper case (checked by the compiler). */
const SDK_ERROR_MESSAGES = {
  INVALID_PHONE_NUMBER: answered('invalid_phone_number'),
  REQUEST_PENDING: answered('request_pending'),
  FORBIDDEN: answered('forbidden'),
  INVALID_TOKEN: answered('invalid_token'),
  SERVER_ERROR: answered('server_error'),
  UNEXPECTED_RESPONSE: answered('unexpected_response'),
  NETWORK_ERROR: answered('network_error'),
  TIMEOUT: answered('timeout'),
  INVALID_CALLBACK: answered('invalid_callback'),
  UNTRUSTED_ENDPOINT: answered('untrusted_endpoint'),
  UNKNOWN_REQUEST: answered('unknown_request'),
  DUPLICATE_REQUEST: answered('duplicate_request'),
  STATE_MISMATCH: answered('state_mismatch'),
  PHONE_NUMBER_MISMATCH: answered('phone_number_mismatch'),
  TRACKER_ERROR: answered('tracker_error'),
  INTERNAL_ERROR: answered('internal_error'),
} satisfies Record<Uppercase<SdkAnswerCode>, string>;

/**
 * Error codes of the Truecaller plugin, in Better Auth's `$ERROR_CODES` form (`{ code, message }`). Every error
 * answer's body carries `code` (one of these), `message`, and `error`: the SDK's own lower-case code
 * (`request_pending`, `state_mismatch`, …), which the `/browser` helpers read.
 *
 * The SDK's codes map one to one (`invalid_phone_number` -> `INVALID_PHONE_NUMBER`), with the statuses and the
 * messages of the routes' error table (`errorResponse`): the plugin and `createTruecallerRoutes` answer alike. The
 * plugin adds its own for what happens after Truecaller verified the number (`SIGN_UP_DISABLED`,
 * `EMAIL_ALREADY_IN_USE`, …).
 *
 * @example
 * ```ts
 * const { error } = await authClient.signIn.truecaller({ phoneNumber })
 * if (error?.code === TRUECALLER_ERROR_CODES.SIGN_UP_DISABLED.code) showOtpForm()
 * ```
 */
export const TRUECALLER_ERROR_CODES = define({
  ...SDK_ERROR_MESSAGES,
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
