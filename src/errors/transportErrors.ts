import { TruecallerError, type TruecallerErrorOptions } from './TruecallerError.js';

/**
 * Truecaller could not be reached: DNS, connection refused or reset, TLS failure (after any retries).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof NetworkError) return new Response(null, { status: 503 })
 * }
 * ```
 */
export class NetworkError extends TruecallerError {
  override name = 'NetworkError' as const;
  declare readonly code: 'network_error';
  constructor(options: TruecallerErrorOptions = {}) {
    super('network_error', 'Could not reach Truecaller (network error). Check connectivity and try again.', options);
  }
}

/**
 * One HTTP attempt took longer than the client's `timeout` (after any retries).
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof TimeoutError) log.warn(`Truecaller slower than ${error.timeoutMs} ms`)
 * }
 * ```
 */
export class TimeoutError extends TruecallerError {
  override name = 'TimeoutError' as const;
  declare readonly code: 'timeout';
  /** The per-attempt limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options: TruecallerErrorOptions = {}) {
    super('timeout', `Truecaller did not answer within ${timeoutMs} ms.`, options);
    this.timeoutMs = timeoutMs;
  }

  protected override details(): Record<string, unknown> {
    return { timeoutMs: this.timeoutMs };
  }
}
