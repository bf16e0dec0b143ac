import { TruecallerError } from './TruecallerError.js';

/**
 * The phone number is not a valid mobile number (unparseable, wrong length, or a landline, toll-free or
 * premium number). Nothing was sent to Truecaller. The message shows the number masked (`+46******567`).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof InvalidPhoneNumberError) return Response.json({ error: 'check_number' }, { status: 400 })
 * }
 * ```
 */
export class InvalidPhoneNumberError extends TruecallerError {
  override name = 'InvalidPhoneNumberError' as const;
  declare readonly code: 'invalid_phone_number';
  constructor(message: string) {
    super('invalid_phone_number', message);
  }
}

/** One problem found in a callback body: where (`path`) and what, never the offending value itself. */
export interface CallbackIssue {
  /** Dotted path of the field, or `''` for the body as a whole. */
  readonly path: string;
  /** What is wrong, in words that never repeat the value (it may be a token). */
  readonly message: string;
}

/**
 * A callback body that is not one of Truecaller's shapes: wrong type, too large, unknown fields in place of the
 * required ones, or a prototype-pollution attempt. Treat it as forged: answer 400 and do nothing else.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof InvalidCallbackError) return new Response(null, { status: 400 }) // error.issues
 * }
 * ```
 */
export class InvalidCallbackError extends TruecallerError {
  override name = 'InvalidCallbackError' as const;
  declare readonly code: 'invalid_callback';
  /** What was wrong, field by field. Values are never echoed. */
  readonly issues: readonly CallbackIssue[];
  constructor(issues: readonly CallbackIssue[]) {
    const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super('invalid_callback', `Invalid Truecaller callback: ${summary.join('; ')}`);
    this.issues = issues;
  }

  protected override details(): Record<string, unknown> {
    return { issues: this.issues };
  }
}

/**
 * A callback named a profile `endpoint` that is not https on a trusted Truecaller host. The callback is
 * unsigned, so following it would hand the access token to whoever forged it. Nothing was sent.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof UntrustedEndpointError) log.warn('forged callback endpoint', error.message)
 * }
 * ```
 */
export class UntrustedEndpointError extends TruecallerError {
  override name = 'UntrustedEndpointError' as const;
  declare readonly code: 'untrusted_endpoint';
  constructor(reason: string) {
    super('untrusted_endpoint', `Refusing to send the access token to the callback's endpoint: ${reason}.`);
  }
}
