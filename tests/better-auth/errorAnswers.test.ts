// The plugin and the framework-free routes answer an SDK error alike: one table (`errorResponse`), two wrappers.
import {
  errorResponse,
  RequestPendingError,
  TrackerError,
  TruecallerError,
  type TruecallerErrorCode,
} from 'truecaller-web-login';
import { TRUECALLER_ERROR_CODES, type TruecallerErrorCodeKey } from 'truecaller-web-login/better-auth';
import { describe, expect, test } from 'vitest';
import { toAPIError } from '../../src/better-auth/toAPIError.js';

/** Every SDK code (the compiler insists on each one), as an error of that code. */
const EVERY_CODE: Record<TruecallerErrorCode, true> = {
  invalid_phone_number: true,
  request_pending: true,
  forbidden: true,
  invalid_credentials: true,
  invalid_token: true,
  server_error: true,
  unexpected_response: true,
  network_error: true,
  timeout: true,
  invalid_callback: true,
  untrusted_endpoint: true,
  unknown_request: true,
  duplicate_request: true,
  state_mismatch: true,
  phone_number_mismatch: true,
  tracker_error: true,
};

const errors: [string, TruecallerError][] = [
  ...Object.keys(EVERY_CODE).map((code): [string, TruecallerError] => [
    code,
    new TruecallerError(code as TruecallerErrorCode, 'detail for logs'),
  ]),
  ['request_pending with a known lock', new RequestPendingError('+4676*****67', 241_000)],
  ['tracker_error of a store call', new TrackerError('get', { cause: new Error('ECONNREFUSED') })],
];

interface ApiErrorLike {
  statusCode: number;
  headers: Record<string, string>;
  body: { code: string; message: string; error: string; retryAfterMs?: number };
}

describe('toAPIError answers as errorResponse does', () => {
  test.each(errors)('%s: same status, Retry-After, message, error and retryAfterMs', async (_name, error) => {
    const routes = errorResponse(error);
    const routesBody = (await routes.json()) as Record<string, unknown>;

    const plugin = (await toAPIError(error)) as ApiErrorLike;

    expect(plugin.statusCode).toBe(routes.status);
    expect(plugin.headers['retry-after']).toBe(routes.headers.get('retry-after') ?? undefined);
    expect(plugin.headers['cache-control']).toBe('no-store');
    expect(plugin.body).toEqual({ ...routesBody, code: String(routesBody.error).toUpperCase() });
    expect(plugin.body.message).not.toContain('detail for logs');
    // The client's $ERROR_CODES say the same words as the answer.
    expect(TRUECALLER_ERROR_CODES[plugin.body.code as TruecallerErrorCodeKey]?.message).toBe(routesBody.message);
  });

  test('429 and 503 carry Retry-After in seconds and retryAfterMs', async () => {
    const pending = (await toAPIError(new RequestPendingError('+4676*****67', 241_000))) as ApiErrorLike;
    const down = (await toAPIError(new TrackerError('get'))) as ApiErrorLike;

    expect([pending.statusCode, pending.headers['retry-after'], pending.body.retryAfterMs]).toEqual([
      429,
      '241',
      241_000,
    ]);
    expect([down.statusCode, down.headers['retry-after'], down.body.retryAfterMs]).toEqual([503, '1', 1_000]);
  });

  test('a wrong appKey is a bare INTERNAL_ERROR, logged for the operator without the detail in the answer', async () => {
    const logged: unknown[][] = [];

    const answer = (await toAPIError(new TruecallerError('invalid_credentials', 'Truecaller answered 404'), {
      error: (...args) => logged.push(args),
    })) as ApiErrorLike;

    expect(answer.statusCode).toBe(500);
    expect(answer.body).toMatchObject({ code: 'INTERNAL_ERROR', error: 'internal_error' });
    expect(JSON.stringify(answer.body)).not.toMatch(/appKey|credential|404/i);
    expect(logged).toHaveLength(1);
  });

  test('anything that is not an SDK error is returned unchanged, for Better Auth to answer', async () => {
    const bug = new TypeError('a bug');

    await expect(toAPIError(bug)).resolves.toBe(bug);
  });
});
