import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidTokenError,
  ServerError,
  UnexpectedResponseError,
} from '../../src/errors/apiErrors.js';
import { errorFromResponse, type TruecallerOperation } from '../../src/errors/errorFromResponse.js';
import { FORBIDDEN_JSON, INVALID_CREDENTIALS_JSON, UNAUTHORIZED_JSON } from '../fixtures/payloads.js';

const OPERATIONS: TruecallerOperation[] = ['requestAuthorization', 'fetchProfile'];

describe('errorFromResponse: documented responses', () => {
  it('maps 403 {"code":1008} on the start call to ForbiddenError with apiCode 1008', () => {
    const error = errorFromResponse('requestAuthorization', 403, FORBIDDEN_JSON);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect([error.status, error.apiCode]).toEqual([403, 1008]);
  });

  it('maps 404 on the start call to InvalidCredentialsError with apiCode 404', () => {
    const error = errorFromResponse('requestAuthorization', 404, INVALID_CREDENTIALS_JSON);

    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect([error.status, error.apiCode]).toEqual([404, 404]);
  });

  it('maps 404 on the profile call to UnexpectedResponseError with status 404', () => {
    const error = errorFromResponse('fetchProfile', 404, '{"message":"Not Found"}');

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).not.toBeInstanceOf(InvalidCredentialsError);
    expect(error.status).toBe(404);
  });

  it('maps 401 {"status":40101} on the profile call to InvalidTokenError with apiCode 40101', () => {
    const error = errorFromResponse('fetchProfile', 401, UNAUTHORIZED_JSON);

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect([error.status, error.apiCode]).toEqual([401, 40101]);
  });

  it('maps 401 on the start call to UnexpectedResponseError with status 401', () => {
    const error = errorFromResponse('requestAuthorization', 401, UNAUTHORIZED_JSON);

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect(error.status).toBe(401);
  });
});

describe('errorFromResponse: other statuses', () => {
  it.each(OPERATIONS.flatMap((operation) => [500, 502, 503, 599].map((status) => [operation, status] as const)))(
    'maps %s %i to ServerError with that status',
    (operation, status) => {
      const error = errorFromResponse(operation, status, undefined);

      expect(error).toBeInstanceOf(ServerError);
      expect(error.status).toBe(status);
    },
  );

  it.each(OPERATIONS)('maps 429 on %s to UnexpectedResponseError with status 429', (operation) => {
    const error = errorFromResponse(operation, 429, '{"code":429,"message":"Too Many Requests"}');

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(429);
  });

  it.each([
    [302, 'requestAuthorization'],
    [301, 'fetchProfile'],
    [400, 'requestAuthorization'],
    [418, 'fetchProfile'],
    [600, 'fetchProfile'],
    [499, 'requestAuthorization'],
  ] as const)('maps %i on %s to UnexpectedResponseError with that status', (status, operation) => {
    const error = errorFromResponse(operation, status, '');

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(status);
  });

  it('maps 403 on the profile call to ForbiddenError too', () => {
    expect(errorFromResponse('fetchProfile', 403, undefined)).toBeInstanceOf(ForbiddenError);
  });

  it('names the operation and status in an unexpected-status message', () => {
    const { message } = errorFromResponse('fetchProfile', 429, undefined);

    expect(message).toContain('fetchProfile');
    expect(message).toContain('429');
  });
});

describe('errorFromResponse: apiCode', () => {
  it.each([
    ['an unreadable body', undefined],
    ['an empty body', ''],
    ['HTML', '<html><body>Bad Gateway</body></html>'],
    ['truncated JSON', '{"code":1008'],
    ['JSON null', 'null'],
    ['a JSON number', '1008'],
    ['a JSON array', '[1008]'],
    ['a string code', '{"code":"1008"}'],
    ['a fractional code', '{"code":10.5}'],
    ['an unsafe integer code', '{"code":9007199254740993}'],
    ['no code or status', '{"message":"Forbidden"}'],
  ])('is absent for %s', (_label, body) => {
    const error = errorFromResponse('requestAuthorization', 403, body);

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.apiCode).toBeUndefined();
  });

  it('is absent for a body over 4 KiB, even when it starts with a code', () => {
    const body = JSON.stringify({ code: 1008, message: 'x'.repeat(5000) });

    const error = errorFromResponse('requestAuthorization', 403, body);

    expect(error.apiCode).toBeUndefined();
  });

  it('is read from "status" when there is no "code"', () => {
    expect(errorFromResponse('fetchProfile', 500, '{"status":50001}').apiCode).toBe(50001);
  });

  it('is kept on an UnexpectedResponseError next to its status', () => {
    const error = errorFromResponse('requestAuthorization', 429, '{"code":4290}');

    expect([error.status, error.apiCode]).toEqual([429, 4290]);
  });
});

describe("errorFromResponse never copies Truecaller's message text", () => {
  const marker = 'Echoed-by-Truecaller: token a3sAB0KnGANg4VZw';
  const cases = OPERATIONS.flatMap((operation) =>
    [302, 400, 401, 403, 404, 429, 500, 503].map((status) => [operation, status] as const),
  );

  it.each(cases)('%s %i', (operation, status) => {
    const body = JSON.stringify({ code: 1, message: marker, detail: marker });

    const error = errorFromResponse(operation, status, body);

    for (const view of [error.message, JSON.stringify(error), inspect(error), String(error.stack)]) {
      expect(view).not.toContain(marker);
    }
  });

  it('not even for the documented 403 message', () => {
    const error = errorFromResponse('requestAuthorization', 403, FORBIDDEN_JSON);

    expect(error.message).not.toContain('It is forbidden to use sdk login');
  });

  it('not even for a non-JSON body', () => {
    const error = errorFromResponse('fetchProfile', 502, marker);

    expect(JSON.stringify(error) + error.message).not.toContain(marker);
  });
});
