// The error -> HTTP table exists three times: in the code (`errorResponse` and the routes' own answers), in
// docs/error-handling.md and in the README. These tests read both documents' tables and compare every row with
// what the code answers, so neither can drift.
import { readFileSync } from 'node:fs';
import {
  DuplicateRequestError,
  errorResponse,
  ForbiddenError,
  InvalidCallbackError,
  InvalidCredentialsError,
  InvalidPhoneNumberError,
  InvalidTokenError,
  NetworkError,
  PhoneNumberMismatchError,
  RequestPendingError,
  ServerError,
  StateMismatchError,
  TimeoutError,
  TrackerError,
  type TruecallerError,
  type TruecallerErrorCode,
  UnexpectedResponseError,
  UnknownRequestError,
  UntrustedEndpointError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { answerFor } from '../../src/routes/errorAnswers.js';
import type { RouteErrorCode } from '../../src/routes/wire.js';

/** One error of every SDK code; a missing code fails to compile. */
const SDK_ERRORS: Record<TruecallerErrorCode, () => TruecallerError> = {
  forbidden: () => new ForbiddenError({ apiCode: 1008 }),
  invalid_credentials: () => new InvalidCredentialsError(),
  invalid_token: () => new InvalidTokenError({ apiCode: 40101 }),
  server_error: () => new ServerError(503),
  unexpected_response: () => new UnexpectedResponseError('odd', { status: 418 }),
  network_error: () => new NetworkError({ cause: new Error('ECONNRESET') }),
  timeout: () => new TimeoutError(10_000),
  invalid_phone_number: () => new InvalidPhoneNumberError('Not a valid mobile number: +46******567.'),
  invalid_callback: () => new InvalidCallbackError([{ path: 'accessToken', message: 'is required' }]),
  untrusted_endpoint: () => new UntrustedEndpointError('not https'),
  request_pending: () => new RequestPendingError('+46******567', 120_500),
  unknown_request: () => new UnknownRequestError('unknown'),
  duplicate_request: () => new DuplicateRequestError(),
  state_mismatch: () => new StateMismatchError('callback'),
  phone_number_mismatch: () => new PhoneNumberMismatchError('+46******567'),
  tracker_error: () => new TrackerError('get', { cause: new Error('ECONNREFUSED') }),
};

/** Codes whose answer depends on the error's `reason`, as the tables write them (`code:reason`). */
const QUALIFIED: Record<string, () => TruecallerError> = {
  'unknown_request:conflict': () => new UnknownRequestError('conflict'),
};

/** The route-level codes, answered by the routes themselves (`answerFor` is what they call). */
const ROUTE_CODES: Record<RouteErrorCode, { allow?: string }> = {
  bad_request: {},
  session_required: {},
  not_found: {},
  method_not_allowed: { allow: 'POST' },
  unsupported_media_type: {},
  internal_error: {},
};

interface Row {
  code: string;
  status: number;
  error: string;
  also: string[];
}

/** The rows of the table whose header starts `| Code | Status | \`error\` sent | Also |`. */
function errorTable(file: string): Row[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Code | Status | `error` sent | Also |'));
  expect(header, `${file} has the error table`).toBeGreaterThanOrEqual(0);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const names = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    rows.push({
      // `unknown_request`, reason `conflict` -> unknown_request:conflict
      code: names(cells[0]).join(':'),
      status: Number(cells[1]),
      error: names(cells[2])[0] ?? '',
      also: names(cells[3]),
    });
  }
  return rows;
}

/** What the code answers for a code of the table. */
function answerOf(code: string): Response {
  if (code in SDK_ERRORS) return errorResponse(SDK_ERRORS[code as TruecallerErrorCode]());
  if (code in QUALIFIED) return errorResponse(QUALIFIED[code]?.() as TruecallerError);
  const route = ROUTE_CODES[code as RouteErrorCode];
  if (route === undefined) throw new Error(`the table lists \`${code}\`, which the code does not know`);
  return answerFor(code as RouteErrorCode, route);
}

function alsoOf(response: Response, body: Record<string, unknown>): string[] {
  const also: string[] = [];
  if (response.headers.has('allow')) also.push('Allow');
  if (response.headers.has('retry-after')) also.push('Retry-After');
  if ('retryAfterMs' in body) also.push('retryAfterMs');
  return also;
}

describe.each(['docs/error-handling.md', 'README.md'])('the error table of %s', (file) => {
  const rows = errorTable(file);

  test('lists every code the routes can answer with, once', () => {
    const codes = rows.map((row) => row.code).sort();

    expect(codes).toEqual([...Object.keys(SDK_ERRORS), ...Object.keys(QUALIFIED), ...Object.keys(ROUTE_CODES)].sort());
  });

  test.each(rows.map((row) => [row.code, row] as const))('says what the code answers for `%s`', async (_, row) => {
    const response = answerOf(row.code);
    const body = (await response.json()) as Record<string, unknown>;

    expect({ status: response.status, error: body.error, also: alsoOf(response, body) }).toEqual({
      status: row.status,
      error: row.error,
      also: row.also,
    });
  });
});

describe('errorResponse', () => {
  test.each(Object.entries(SDK_ERRORS))('answers `%s` without repeating anything the error says', async (_, make) => {
    const error = make();

    const text = await errorResponse(error).text();

    expect(text).not.toContain(error.message);
    expect(text).not.toMatch(/46\*+567|appKey|credential/i);
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      error.code === 'request_pending' || error.code === 'tracker_error'
        ? ['error', 'message', 'retryAfterMs']
        : ['error', 'message'],
    );
  });

  test("rounds a pending number's wait up to whole seconds for Retry-After, and keeps the ms", async () => {
    const response = errorResponse(new RequestPendingError('+46******567', 120_500));

    expect(response.headers.get('retry-after')).toBe('121');
    expect(await response.json()).toMatchObject({ retryAfterMs: 120_500 });
  });

  test('answers 30 s when the tracker cannot tell how long the lock runs', async () => {
    const response = errorResponse(new RequestPendingError('+46******567', undefined));

    expect(response.headers.get('retry-after')).toBe('30');
  });

  test.each([
    ['a TypeError', new TypeError('state must be a string')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('answers %s 500 internal_error, with no detail', async (_, thrown) => {
    const response = errorResponse(thrown);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal_error', message: expect.any(String) });
  });

  test('answers an error of another copy of the package by its code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'RequestPendingError', code: 'request_pending' });
    Object.defineProperty(foreign, Symbol.for('truecaller-web-login.error'), { value: true });

    expect(errorResponse(foreign).status).toBe(429);
  });

  test("answers another library's error that merely has one of the SDK's codes like a bug: 500", () => {
    const lookalike = Object.assign(new Error('x'), { name: 'RequestPendingError', code: 'request_pending' });

    expect(errorResponse(lookalike).status).toBe(500);
  });

  test.each([
    ['unknown', 404],
    ['expired', 404],
    ['conflict', 409],
  ] as const)('answers an unknown request with reason %s %i', (reason, status) => {
    expect(errorResponse(new UnknownRequestError(reason)).status).toBe(status);
  });

  test('never lets a browser cache an answer', () => {
    expect(errorResponse(new UnknownRequestError('unknown')).headers.get('cache-control')).toBe('no-store');
  });
});
