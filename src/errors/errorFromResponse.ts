import {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidTokenError,
  ServerError,
  UnexpectedResponseError,
} from './apiErrors.js';
import type { TruecallerError } from './TruecallerError.js';

/** Which Truecaller call a response belongs to: the same status means different things on each. */
export type TruecallerOperation = 'requestAuthorization' | 'fetchProfile';

/**
 * The one place where a non-2xx response from Truecaller becomes an error.
 *
 * `body` is the already-read response text (or `undefined` when it could not be read); only its numeric
 * `code` / `status` field is kept, as `apiCode`. Truecaller's message text is not copied: a message is not
 * something a program can branch on, and this way nothing Truecaller echoes can leak through our errors.
 */
export function errorFromResponse(
  operation: TruecallerOperation,
  status: number,
  body: string | undefined,
): TruecallerError {
  const apiCode = readApiCode(body);
  const options = apiCode === undefined ? {} : { apiCode };
  if (status === 403) return new ForbiddenError(options);
  if (status === 404 && operation === 'requestAuthorization') return new InvalidCredentialsError(options);
  if (status === 401 && operation === 'fetchProfile') return new InvalidTokenError(options);
  if (status >= 500 && status <= 599) return new ServerError(status, options);
  return new UnexpectedResponseError(`Truecaller answered ${operation} with unexpected status ${status}.`, {
    ...options,
    status,
  });
}

/** `{"code":1008,…}` on the start call, `{"status":40101,…}` on the profile call. */
function readApiCode(body: string | undefined): number | undefined {
  if (body === undefined || body.length > 4096) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { code, status } = parsed as { code?: unknown; status?: unknown };
  if (Number.isSafeInteger(code)) return code as number;
  if (Number.isSafeInteger(status)) return status as number;
  return undefined;
}
