import { safeCause } from '../internal/safeCause.js';

/**
 * Every code an SDK error can have, once: {@link TruecallerErrorCode} is derived from this list. A code is never
 * removed or renamed within a major version; a new one is added in a minor version (handle unknown codes).
 *
 * @example
 * ```ts
 * const known = new Set<string>(ERROR_CODES)
 * if (known.has(body.error)) showMessageFor(body.error)
 * ```
 */
export const ERROR_CODES = [
  'forbidden',
  'invalid_credentials',
  'invalid_token',
  'server_error',
  'unexpected_response',
  'network_error',
  'timeout',
  'invalid_phone_number',
  'invalid_callback',
  'untrusted_endpoint',
  'request_pending',
  'unknown_request',
  'duplicate_request',
  'state_mismatch',
  'phone_number_mismatch',
  'tracker_error',
] as const;

/**
 * Stable, machine-readable codes of every error this SDK throws. Branch on these (or on the classes), never on
 * messages: messages are for people and may be reworded.
 *
 * @example
 * ```ts
 * function retryable(code: TruecallerErrorCode): boolean {
 *   return code === 'network_error' || code === 'timeout' || code === 'tracker_error'
 * }
 * ```
 */
export type TruecallerErrorCode = (typeof ERROR_CODES)[number];

/**
 * The brand every SDK error carries, under a registered symbol: `Symbol.for` gives every copy of the package
 * (an ESM and a CJS build loaded side by side) the same symbol, so an error from another copy is recognised,
 * while an unrelated error that merely has the same `code` or `name` is not.
 */
const BRAND: unique symbol = Symbol.for('truecaller-web-login.error') as never;

/** Fields every {@link TruecallerError} may carry besides its message. */
export interface TruecallerErrorOptions {
  /**
   * HTTP status of the Truecaller response the error is about; set whenever the error comes from a response
   * (also a 2xx whose body was unusable), absent otherwise.
   */
  status?: number | undefined;
  /** Numeric `code` (start call) or `status` (profile call) from Truecaller's error body, e.g. `1008`. */
  apiCode?: number | undefined;
  /** The underlying error. Never a raw request, header set or anything else that could hold a secret. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws on purpose.
 *
 * By construction no error carries an appKey, an access token or a full phone number: messages mask numbers
 * (`+46******567`), no request or header object is kept, and `toJSON()` lists only the safe fields.
 *
 * @example
 * ```ts
 * try {
 *   await client.requestAuthorization({ phoneNumber })
 * } catch (error) {
 *   if (isTruecallerError(error)) console.warn(error.code, error.message)
 *   else throw error
 * }
 * ```
 */
export class TruecallerError extends Error {
  override name: string = 'TruecallerError';
  /** Stable machine-readable code; see {@link TruecallerErrorCode}. */
  readonly code: TruecallerErrorCode;
  // `declare`: no field is emitted, so an absent status is absent (not `status: undefined` in inspect output).
  /**
   * HTTP status of the Truecaller response this error is about: set on every error that comes from a response
   * (`ForbiddenError` 403, `ServerError` 5xx, `UnexpectedResponseError` any, also `200` for an unusable 2xx
   * body), absent on the others (network, timeout, input, lifecycle and store errors).
   */
  declare readonly status?: number;
  /** Numeric code from Truecaller's error body (`1008`, `40101`, …), when it had one. */
  declare readonly apiCode?: number;

  constructor(code: TruecallerErrorCode, message: string, options: TruecallerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) (this as { status?: number }).status = options.status;
    if (options.apiCode !== undefined) (this as { apiCode?: number }).apiCode = options.apiCode;
    Object.defineProperty(this, BRAND, { value: true });
    // V8 only; keeps the constructor frames out of the stack where supported.
    (Error as { captureStackTrace?: (target: object, ctor: unknown) => void }).captureStackTrace?.(this, new.target);
  }

  /**
   * Makes `instanceof` work across copies of this package (an ESM and a CJS build loaded side by side each have
   * their own classes): an error from another copy matches when it carries the package's brand (a
   * non-enumerable property under `Symbol.for('truecaller-web-login.error')`, set by this constructor), its
   * `code` is one of ours and, for a subclass, its literal `name` equals the class's name. An error that only
   * has a matching `code` or `name` (another library's `invalid_credentials`) does not match.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isBranded(value)) return false;
    return this === TruecallerError || value.name === this.name;
  }

  /**
   * A plain, log-safe view: name, code, message, status, apiCode, the fields a subclass adds
   * (`retryAfterMs`, `timeoutMs`, `reason`, `issues`) and the `cause` chain (two levels; each cause as
   * `{ name, message, code? }` with anything secret-like in its message scrubbed again, plus `status`, `apiCode`
   * and the added fields when the direct cause is an SDK error).
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    Object.assign(json, this.ownFields());
    if (this.cause !== undefined) {
      const cause = causeToJSON(safeCause(this.cause));
      // An SDK error as the cause (the 401 behind a TimeoutError after a spent token) keeps its safe fields too.
      if (this.cause instanceof TruecallerError) Object.assign(cause, TruecallerError.causeFields(this.cause));
      json.cause = cause;
    }
    return json;
  }

  /**
   * {@link ownFields} of an SDK error that is a cause, or none: `instanceof` also matches an error from another
   * copy of the package (an older one may lack the method), and a subclass's `details()` may throw. Neither may
   * make `toJSON` throw.
   */
  private static causeFields(cause: TruecallerError): Record<string, unknown> {
    try {
      return typeof cause.ownFields === 'function' ? { ...cause.ownFields() } : {};
    } catch {
      return {};
    }
  }

  /** status, apiCode and the subclass's details: the fields beyond name, code and message. */
  private ownFields(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (this.status !== undefined) fields.status = this.status;
    if (this.apiCode !== undefined) fields.apiCode = this.apiCode;
    return Object.assign(fields, this.details());
  }

  /**
   * The fields a subclass adds, for {@link toJSON}: every one of them, and only values safe to log.
   *
   * @example
   * ```ts
   * class MyError extends TruecallerError {
   *   protected override details() { return { attempt: 2 } }
   * }
   * ```
   */
  protected details(): Record<string, unknown> {
    return {};
  }
}

/**
 * `true` when `error` is any error thrown by this SDK, also when it comes from another copy of the package
 * (an ESM and a CJS build loaded side by side), where `instanceof` alone would say `false`.
 *
 * @example
 * ```ts
 * catch (error) { if (isTruecallerError(error) && error.code === 'forbidden') offerOtp() }
 * ```
 */
export function isTruecallerError(error: unknown): error is TruecallerError {
  return error instanceof TruecallerError;
}

function causeToJSON(cause: Error): Record<string, unknown> {
  const json: Record<string, unknown> = { name: cause.name, message: cause.message };
  const { code } = cause as { code?: unknown };
  if (code !== undefined) json.code = code;
  if (cause.cause instanceof Error) json.cause = causeToJSON(cause.cause);
  return json;
}

const CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);

/** A branded error (from this copy of the package or another) with one of our codes. */
function isBranded(value: unknown): value is TruecallerError {
  if (!(value instanceof Error) || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  const { code } = value as { code?: unknown };
  return typeof code === 'string' && CODES.has(code);
}
