import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidTokenError,
  ServerError,
  UnexpectedResponseError,
} from '../../src/errors/apiErrors.js';
import { InvalidCallbackError, InvalidPhoneNumberError, UntrustedEndpointError } from '../../src/errors/inputErrors.js';
import {
  DuplicateRequestError,
  PhoneNumberMismatchError,
  RequestPendingError,
  StateMismatchError,
  TrackerError,
  UnknownRequestError,
} from '../../src/errors/lifecycleErrors.js';
import { isTruecallerError, TruecallerError, type TruecallerErrorCode } from '../../src/errors/TruecallerError.js';
import { NetworkError, TimeoutError } from '../../src/errors/transportErrors.js';
import { MASKED_PHONE_NUMBER, PHONE_NUMBER } from '../fixtures/payloads.js';

// biome-ignore lint/suspicious/noExplicitAny: a table of constructors with different signatures
type AnyErrorClass = abstract new (...args: any[]) => TruecallerError;

const CLASSES: [AnyErrorClass, () => TruecallerError, TruecallerErrorCode, number | undefined][] = [
  [ForbiddenError, () => new ForbiddenError(), 'forbidden', 403],
  [InvalidCredentialsError, () => new InvalidCredentialsError(), 'invalid_credentials', 404],
  [InvalidTokenError, () => new InvalidTokenError(), 'invalid_token', 401],
  [ServerError, () => new ServerError(503), 'server_error', 503],
  [UnexpectedResponseError, () => new UnexpectedResponseError('odd body', { status: 200 }), 'unexpected_response', 200],
  [NetworkError, () => new NetworkError(), 'network_error', undefined],
  [TimeoutError, () => new TimeoutError(5000), 'timeout', undefined],
  [InvalidPhoneNumberError, () => new InvalidPhoneNumberError('bad number'), 'invalid_phone_number', undefined],
  [InvalidCallbackError, () => new InvalidCallbackError([{ path: '', message: 'x' }]), 'invalid_callback', undefined],
  [UntrustedEndpointError, () => new UntrustedEndpointError('it is not https'), 'untrusted_endpoint', undefined],
  [RequestPendingError, () => new RequestPendingError(MASKED_PHONE_NUMBER, 1000), 'request_pending', undefined],
  [UnknownRequestError, () => new UnknownRequestError('unknown'), 'unknown_request', undefined],
  [DuplicateRequestError, () => new DuplicateRequestError(), 'duplicate_request', undefined],
  [StateMismatchError, () => new StateMismatchError('callback'), 'state_mismatch', undefined],
  [
    PhoneNumberMismatchError,
    () => new PhoneNumberMismatchError(MASKED_PHONE_NUMBER),
    'phone_number_mismatch',
    undefined,
  ],
  [TrackerError, () => new TrackerError('settle'), 'tracker_error', undefined],
];

const BRAND = Symbol.for('truecaller-web-login.error');

/** An error as a second copy of this package (the CJS build next to the ESM one) would create it: branded. */
function foreignError(name: string, code: string): Error {
  return Object.defineProperty(lookalike(name, code), BRAND, { value: true });
}

/** Another library's error that happens to use one of our names and codes, without the brand. */
function lookalike(name: string, code: string): Error {
  const error = new Error('from another library');
  error.name = name;
  return Object.assign(error, { code });
}

describe.each(CLASSES.map(([ErrorClass, create, code, status]) => ({ ErrorClass, create, code, status })))(
  '$ErrorClass.name',
  ({ ErrorClass, create, code, status }) => {
    it('has a literal name equal to its class name, as an own property', () => {
      const error = create();

      expect(error.name).toBe(ErrorClass.name);
      expect(Object.hasOwn(error, 'name')).toBe(true);
    });

    it(`has the code ${code}`, () => {
      expect(create().code).toBe(code);
    });

    it(status === undefined ? 'has no status' : `has status ${status}`, () => {
      const error = create();

      expect(error.status).toBe(status);
    });

    it('is an instance of itself, TruecallerError and Error', () => {
      const error = create();

      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(TruecallerError);
      expect(error).toBeInstanceOf(Error);
      expect(isTruecallerError(error)).toBe(true);
    });

    it('names itself at the top of its stack trace', () => {
      expect(create().stack?.split('\n')[0]).toMatch(new RegExp(`^${ErrorClass.name}: `));
    });

    it('serializes name, code and message with toJSON', () => {
      const error = create();

      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: ErrorClass.name, code, message: error.message });
    });

    it('matches a foreign copy with the same name and code', () => {
      expect(foreignError(ErrorClass.name, code)).toBeInstanceOf(ErrorClass);
    });

    it('does not match an unbranded error with the same name and code', () => {
      const error = lookalike(ErrorClass.name, code);

      expect(error).not.toBeInstanceOf(ErrorClass);
      expect(error).not.toBeInstanceOf(TruecallerError);
      expect(isTruecallerError(error)).toBe(false);
    });

    it('carries its brand as a hidden property (not in keys, JSON or inspect)', () => {
      const error = create();

      expect((error as unknown as Record<symbol, unknown>)[BRAND]).toBe(true);
      expect(Object.keys(error)).not.toContain(BRAND.toString());
      expect(inspect(error)).not.toContain('truecaller-web-login.error');
    });
  },
);

describe('the error classes', () => {
  it('use a different code each', () => {
    const codes = CLASSES.map(([, , code]) => code);

    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are not instances of each other', () => {
    for (const [ErrorClass, create] of CLASSES) {
      for (const [OtherClass] of CLASSES) {
        if (OtherClass !== ErrorClass)
          expect(create(), `${ErrorClass.name} vs ${OtherClass.name}`).not.toBeInstanceOf(OtherClass);
      }
    }
  });
});

describe('TruecallerError fields', () => {
  it('keeps the apiCode it is given', () => {
    expect(new ForbiddenError({ apiCode: 1008 }).apiCode).toBe(1008);
  });

  it('has an undefined apiCode when none is given', () => {
    expect(new ForbiddenError({ apiCode: undefined }).apiCode).toBeUndefined();
  });

  // Absent, not present-and-undefined: what exactOptionalPropertyTypes promises, and what keeps
  // `status: undefined, apiCode: undefined` out of console.log output.
  it('has no apiCode key when none is given (absent, not undefined)', () => {
    expect(Object.keys(new ForbiddenError())).not.toContain('apiCode');
  });

  it('has no status key on an error that is not about a response (absent, not undefined)', () => {
    expect(Object.keys(new NetworkError())).not.toContain('status');
  });

  it('keeps the status of its class even when options say otherwise', () => {
    expect(new ForbiddenError({ status: 500 }).status).toBe(403);
  });

  it('takes the status of a ServerError from its argument', () => {
    expect(new ServerError(599).status).toBe(599);
  });

  it('takes status and apiCode of an UnexpectedResponseError from its options', () => {
    const error = new UnexpectedResponseError('Truecaller answered with 429.', { status: 429, apiCode: 7 });

    expect([error.status, error.apiCode]).toEqual([429, 7]);
  });

  it('keeps the cause it is given', () => {
    const cause = new TypeError('fetch failed');

    expect(new NetworkError({ cause }).cause).toBe(cause);
  });

  it('has no cause key when none is given', () => {
    expect('cause' in new NetworkError()).toBe(false);
  });

  it('is a TruecallerError when constructed directly', () => {
    const error = new TruecallerError('timeout', 'took too long');

    expect([error.name, error.code, error.message]).toEqual(['TruecallerError', 'timeout', 'took too long']);
  });
});

describe('toJSON', () => {
  it('lists exactly name, code, message, status, apiCode and the cause', () => {
    const error = new ForbiddenError({ apiCode: 1008, cause: new Error('x') });

    expect(error.toJSON()).toStrictEqual({
      name: 'ForbiddenError',
      code: 'forbidden',
      message: error.message,
      status: 403,
      apiCode: 1008,
      cause: { name: 'Error', message: 'x' },
    });
  });

  it('leaves status and apiCode out when absent', () => {
    const error = new NetworkError();

    expect(error.toJSON()).toStrictEqual({ name: 'NetworkError', code: 'network_error', message: error.message });
  });

  it('keeps the cause chain with its code, but not its secrets', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED, Bearer tok-123'), { code: 'ECONNREFUSED' });
    const cause = new Error('request to https://api4.truecaller.com failed, appKey: sk-secret-app-key', {
      cause: inner,
    });

    const json = new NetworkError({ cause }).toJSON();

    expect(json.cause).toEqual({
      name: 'Error',
      message: 'request to https://api4.truecaller.com failed, appKey: [redacted]',
      cause: { name: 'Error', message: 'connect ECONNREFUSED, Bearer [redacted]', code: 'ECONNREFUSED' },
    });
    expect(JSON.stringify(json)).not.toMatch(/sk-secret-app-key|tok-123/);
  });

  it('adds the issues of an InvalidCallbackError', () => {
    const issues = [{ path: 'accessToken', message: 'is required' }];

    expect(new InvalidCallbackError(issues).toJSON()).toMatchObject({ code: 'invalid_callback', issues });
  });

  it('adds retryAfterMs of a RequestPendingError', () => {
    expect(new RequestPendingError(MASKED_PHONE_NUMBER, 1500).toJSON()).toMatchObject({ retryAfterMs: 1500 });
  });

  it('adds timeoutMs of a TimeoutError', () => {
    expect(new TimeoutError(5000).toJSON()).toStrictEqual({
      name: 'TimeoutError',
      code: 'timeout',
      message: 'Truecaller did not answer within 5000 ms.',
      timeoutMs: 5000,
    });
  });

  it.each(['unknown', 'expired', 'conflict'] as const)('adds the reason %s of an UnknownRequestError', (reason) => {
    expect(new UnknownRequestError(reason).toJSON()).toMatchObject({ code: 'unknown_request', reason });
  });

  it('lists every own field of every error class', () => {
    for (const [, create] of CLASSES) {
      const error = create();
      const json = error.toJSON();
      for (const key of Object.keys(error)) {
        if (key !== 'cause') expect(json, `${error.name}.${key}`).toHaveProperty(key);
      }
    }
  });
});

describe('instanceof across copies of the package', () => {
  it('matches a foreign ForbiddenError as ForbiddenError and TruecallerError', () => {
    const error = foreignError('ForbiddenError', 'forbidden');

    expect(error instanceof ForbiddenError).toBe(true);
    expect(error instanceof TruecallerError).toBe(true);
    expect(isTruecallerError(error)).toBe(true);
  });

  it('does not match a foreign ForbiddenError as ServerError', () => {
    expect(foreignError('ForbiddenError', 'forbidden') instanceof ServerError).toBe(false);
  });

  it('matches a foreign error of a class defined elsewhere, as a second build would define it', () => {
    class ServerErrorCopy extends Error {
      override name = 'ServerError';
      readonly code = 'server_error';
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, BRAND, { value: true });
      }
    }

    const error = new ServerErrorCopy('Truecaller answered with server error 502.');

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(TruecallerError);
    expect(error).not.toBeInstanceOf(ForbiddenError);
  });

  it('does not match a plain Error with an unknown code', () => {
    const error = foreignError('Error', 'ECONNRESET');

    expect(error instanceof TruecallerError).toBe(false);
    expect(isTruecallerError(error)).toBe(false);
  });

  it('does not match an error named like one of ours but with an unknown code', () => {
    expect(foreignError('ForbiddenError', 'FORBIDDEN') instanceof ForbiddenError).toBe(false);
  });

  it('does not match an error with a known code but another name as the subclass', () => {
    expect(foreignError('TypeError', 'forbidden') instanceof ForbiddenError).toBe(false);
  });

  it("does not match another library's error with one of our codes (Supabase Auth's invalid_credentials)", () => {
    const error = Object.assign(new Error('Invalid login credentials'), {
      name: 'AuthApiError',
      code: 'invalid_credentials',
    });

    expect(error instanceof TruecallerError).toBe(false);
    expect(error instanceof InvalidCredentialsError).toBe(false);
    expect(isTruecallerError(error)).toBe(false);
  });

  it('does not match a branded error whose code is not ours', () => {
    expect(foreignError('Error', 'ECONNRESET') instanceof TruecallerError).toBe(false);
  });

  it('does not match a plain Error without a code', () => {
    expect(new Error('boom') instanceof TruecallerError).toBe(false);
  });

  it('does not match an object that only looks like an error', () => {
    const lookalike = { name: 'ForbiddenError', code: 'forbidden', message: 'x' };

    expect(lookalike instanceof ForbiddenError).toBe(false);
    expect(isTruecallerError(lookalike)).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'forbidden'],
    ['a number', 403],
  ])('isTruecallerError is false for %s', (_label, value) => {
    expect(isTruecallerError(value)).toBe(false);
  });
});

describe('messages', () => {
  it('ForbiddenError tells the developer to offer another sign-in method, not that the user has no account', () => {
    const { message } = new ForbiddenError({ apiCode: 1008 });

    expect(message).toMatch(/another sign-in method|OTP/);
    expect(message).not.toMatch(/no (truecaller )?account/i);
  });

  it('RequestPendingError shows the masked number and when to retry, rounded up to seconds', () => {
    const { message } = new RequestPendingError(MASKED_PHONE_NUMBER, 1500);

    expect(message).toContain(MASKED_PHONE_NUMBER);
    expect(message).toContain('2 s');
    expect(message).not.toContain(PHONE_NUMBER);
  });

  it('RequestPendingError without retryAfterMs gives no retry time', () => {
    const error = new RequestPendingError(MASKED_PHONE_NUMBER, undefined);

    expect(error.message).not.toMatch(/Try again in/);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('PhoneNumberMismatchError shows the masked number', () => {
    expect(new PhoneNumberMismatchError(MASKED_PHONE_NUMBER).message).toContain(MASKED_PHONE_NUMBER);
  });

  it('StateMismatchError tells a callback from a status poll', () => {
    expect(new StateMismatchError('callback').message).not.toBe(new StateMismatchError('completeSignIn').message);
  });

  it('TimeoutError gives the limit in the message and as timeoutMs', () => {
    const error = new TimeoutError(3000);

    expect(error.timeoutMs).toBe(3000);
    expect(error.message).toContain('3000 ms');
  });

  it('InvalidCallbackError summarizes each issue as path: message', () => {
    const error = new InvalidCallbackError([
      { path: 'accessToken', message: 'is required' },
      { path: '', message: 'body is too large' },
    ]);

    expect(error.message).toContain('accessToken: is required');
    expect(error.message).toContain('body is too large');
  });

  it('TrackerError names the operation and keeps the cause', () => {
    const cause = new Error('ECONNREFUSED');

    const error = new TrackerError('consume', { cause });

    expect(error.message).toContain('consume');
    expect(error.cause).toBe(cause);
  });

  it('inspect output of an API error shows its code and status', () => {
    const text = inspect(new ServerError(502));

    expect(text).toContain("code: 'server_error'");
    expect(text).toContain('status: 502');
  });
});
