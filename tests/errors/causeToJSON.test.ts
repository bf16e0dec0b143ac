// toJSON adds status, apiCode and the added fields of a cause that is an SDK error. `instanceof TruecallerError`
// also matches an error from another copy of the package (an older version, without the method that lists
// those fields) or any error carrying the registered brand, and a subclass's details() is its author's code:
// none of them may make the wrapping error's toJSON throw (a logger calling it would lose the log line), and a
// cause cycle must not make it loop.
import { describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../src/errors/apiErrors.js';
import { TruecallerError } from '../../src/errors/TruecallerError.js';
import { NetworkError, TimeoutError } from '../../src/errors/transportErrors.js';

/** What an older copy of the package builds: branded, with an SDK code and status, but no newer methods. */
function errorFromAnotherCopy(): Error {
  const error = Object.assign(new Error('Truecaller refused the access token.'), {
    name: 'InvalidTokenError',
    code: 'invalid_token',
    status: 401,
  });
  Object.defineProperty(error, Symbol.for('truecaller-web-login.error'), { value: true });
  return error;
}

describe('toJSON with an SDK error as the cause', () => {
  it('keeps the 401 behind a timeout: status and the cause fields of this copy', () => {
    const json = new TimeoutError(5000, { cause: new InvalidTokenError() }).toJSON();

    expect(json.cause).toMatchObject({ name: 'InvalidTokenError', code: 'invalid_token', status: 401 });
  });

  it('does not throw for an error from another copy of the package', () => {
    const cause = errorFromAnotherCopy();
    expect(cause).toBeInstanceOf(TruecallerError);

    const json = new TimeoutError(5000, { cause }).toJSON();

    expect(json.cause).toMatchObject({ name: 'InvalidTokenError', code: 'invalid_token' });
  });

  it('does not throw when the cause is a subclass whose details() throws', () => {
    class BrokenError extends TruecallerError {
      protected override details(): Record<string, unknown> {
        throw new Error('details() failed');
      }
    }
    const json = new NetworkError({ cause: new BrokenError('network_error', 'inner') }).toJSON();

    expect(json.cause).toStrictEqual({ name: 'TruecallerError', code: 'network_error', message: 'inner' });
  });

  it('ends on a cause cycle', () => {
    const first = new NetworkError();
    const second = new TimeoutError(5000, { cause: first });
    Object.defineProperty(first, 'cause', { value: second });

    expect(() => JSON.stringify(second)).not.toThrow();
    expect(() => JSON.stringify(first)).not.toThrow();
  });
});
