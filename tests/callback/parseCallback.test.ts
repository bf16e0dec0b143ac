import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CALLBACK_BYTES, MAX_FIELD_LENGTH, MAX_FIELDS } from '../../src/callback/limits.js';
import { parseCallback, safeParseCallback } from '../../src/callback/parseCallback.js';
import { InvalidCallbackError } from '../../src/errors/inputErrors.js';
import { TruecallerError } from '../../src/errors/TruecallerError.js';
import {
  ACCESS_TOKEN,
  AUTHORIZED_CALLBACK,
  AUTHORIZED_CALLBACK_WITH_ENDPOINT,
  AUTHORIZED_CALLBACK_WITH_STATE,
  AUTHORIZED_CALLBACK_WITH_STATE_AND_ENDPOINT,
  MOBILE_WEB_ACCESS_TOKEN,
  MOBILE_WEB_REQUEST_ID,
  NONEU_PROFILE_ENDPOINT,
  REQUEST_ID,
  STATE,
  USE_ANOTHER_NUMBER_CALLBACK,
  USER_REJECTED_CALLBACK,
} from '../fixtures/payloads.js';

/** A token no fixed message could contain by accident. */
const SECRET_TOKEN = 'CANARY-tok3n_Zq9xW7vU5tS3rQ1pO-leak~check';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function parseError(body: unknown): InvalidCallbackError {
  const error = thrownBy(() => parseCallback(body));
  expect(error).toBeInstanceOf(InvalidCallbackError);
  return error as InvalidCallbackError;
}

function paths(error: InvalidCallbackError): string[] {
  return error.issues.map((issue) => issue.path);
}

const encoder = new TextEncoder();

describe('parseCallback: documented payloads', () => {
  it('reads a web-login success callback without state', () => {
    const callback = parseCallback(AUTHORIZED_CALLBACK);

    expect(callback).toStrictEqual({ type: 'authorized', requestId: REQUEST_ID, accessToken: ACCESS_TOKEN });
  });

  it('leaves state and endpoint out of the result when the callback has neither', () => {
    const callback = parseCallback(AUTHORIZED_CALLBACK);

    expect(Object.keys(callback).sort()).toEqual(['accessToken', 'requestId', 'type']);
  });

  it('reads a web-login success callback with state', () => {
    const callback = parseCallback(AUTHORIZED_CALLBACK_WITH_STATE);

    expect(callback).toStrictEqual({
      type: 'authorized',
      requestId: REQUEST_ID,
      accessToken: ACCESS_TOKEN,
      state: STATE,
    });
  });

  it('reads a mobile-web success callback with the regional endpoint and no state key', () => {
    const callback = parseCallback(AUTHORIZED_CALLBACK_WITH_ENDPOINT);

    expect(callback).toStrictEqual({
      type: 'authorized',
      requestId: MOBILE_WEB_REQUEST_ID,
      accessToken: MOBILE_WEB_ACCESS_TOKEN,
      endpoint: NONEU_PROFILE_ENDPOINT,
    });
  });

  it('reads a success callback with both state and endpoint', () => {
    const callback = parseCallback(AUTHORIZED_CALLBACK_WITH_STATE_AND_ENDPOINT);

    expect(callback).toStrictEqual({
      type: 'authorized',
      requestId: MOBILE_WEB_REQUEST_ID,
      accessToken: MOBILE_WEB_ACCESS_TOKEN,
      state: STATE,
      endpoint: NONEU_PROFILE_ENDPOINT,
    });
  });

  it('reads a user_rejected callback as a rejection with its state', () => {
    const callback = parseCallback(USER_REJECTED_CALLBACK);

    expect(callback).toStrictEqual({
      type: 'rejected',
      requestId: MOBILE_WEB_REQUEST_ID,
      reason: 'user_rejected',
      state: STATE,
    });
  });

  it('reads a use_another_number callback as a rejection with its state', () => {
    const callback = parseCallback(USE_ANOTHER_NUMBER_CALLBACK);

    expect(callback).toStrictEqual({
      type: 'rejected',
      requestId: MOBILE_WEB_REQUEST_ID,
      reason: 'use_another_number',
      state: STATE,
    });
  });

  it('leaves state out of a rejection that has none', () => {
    const callback = parseCallback({ requestId: REQUEST_ID, status: 'user_rejected' });

    expect(callback).toStrictEqual({ type: 'rejected', requestId: REQUEST_ID, reason: 'user_rejected' });
  });

  it('passes an undocumented rejection status through as the reason', () => {
    const callback = parseCallback({ requestId: REQUEST_ID, status: 'some_future_reason' });

    expect(callback).toMatchObject({ type: 'rejected', reason: 'some_future_reason' });
  });

  it('drops unknown extra fields', () => {
    const callback = parseCallback({ ...AUTHORIZED_CALLBACK_WITH_STATE, extra: 'x', nested: { a: 1 }, count: 3 });

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it('accepts fields exactly at the length limit', () => {
    const longest = 'r'.repeat(MAX_FIELD_LENGTH);

    const callback = parseCallback({ requestId: longest, accessToken: longest, state: longest });

    expect(callback).toMatchObject({ requestId: longest, accessToken: longest, state: longest });
  });
});

describe('parseCallback: input forms', () => {
  const json = JSON.stringify(AUTHORIZED_CALLBACK_WITH_STATE);
  const expected = parseCallback(AUTHORIZED_CALLBACK_WITH_STATE);

  it('reads a JSON string', () => {
    expect(parseCallback(json)).toStrictEqual(expected);
  });

  it('reads a Uint8Array of UTF-8 JSON', () => {
    expect(parseCallback(encoder.encode(json))).toStrictEqual(expected);
  });

  it('reads a Node Buffer (a Uint8Array subclass)', () => {
    expect(parseCallback(Buffer.from(json, 'utf8'))).toStrictEqual(expected);
  });

  it('reads only the viewed bytes of a Uint8Array that is a window into a larger buffer', () => {
    const bytes = encoder.encode(json);
    const backing = new Uint8Array(bytes.byteLength + 20).fill(0x7b); // '{' around the window makes bad JSON
    backing.set(bytes, 10);

    const callback = parseCallback(backing.subarray(10, 10 + bytes.byteLength));

    expect(callback).toStrictEqual(expected);
  });

  it('reads an ArrayBuffer', () => {
    const bytes = encoder.encode(json);

    const callback = parseCallback(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

    expect(callback).toStrictEqual(expected);
  });

  it('reads URLSearchParams (a form-encoded callback)', () => {
    const params = new URLSearchParams({ requestId: REQUEST_ID, accessToken: ACCESS_TOKEN, state: STATE });

    expect(parseCallback(params)).toStrictEqual(expected);
  });

  it('reads a rejection from URLSearchParams', () => {
    const params = new URLSearchParams({ requestId: REQUEST_ID, status: 'user_rejected' });

    expect(parseCallback(params)).toStrictEqual({ type: 'rejected', requestId: REQUEST_ID, reason: 'user_rejected' });
  });

  it('reads a null-prototype object, as some body parsers produce', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, AUTHORIZED_CALLBACK_WITH_STATE);

    expect(parseCallback(body)).toStrictEqual(expected);
  });

  it('reads JSON with non-ASCII characters in a field', () => {
    const body = JSON.stringify({ ...AUTHORIZED_CALLBACK, state: 'sessión-€-✓' });

    expect(parseCallback(encoder.encode(body))).toMatchObject({ state: 'sessión-€-✓' });
  });
});

describe('parseCallback: bodies that are not callbacks', () => {
  class CallbackLike {
    requestId = REQUEST_ID;
    accessToken = ACCESS_TOKEN;
  }

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a boolean', true],
    ['a bigint', 10n],
    ['a symbol', Symbol('callback')],
    ['a function', () => AUTHORIZED_CALLBACK],
    ['an array', [REQUEST_ID, ACCESS_TOKEN]],
    ['an array of the callback', [AUTHORIZED_CALLBACK]],
    ['a Date', new Date()],
    ['a class instance with the right fields', new CallbackLike()],
    ['a Map with the right entries', new Map(Object.entries(AUTHORIZED_CALLBACK))],
    ['a boxed string of JSON', new String(JSON.stringify(AUTHORIZED_CALLBACK))],
    ['a Promise', Promise.resolve(AUTHORIZED_CALLBACK)],
  ])('refuses %s with a body-level issue', (_label, body) => {
    const error = parseError(body);

    expect(error.issues).toEqual([{ path: '', message: expect.any(String) }]);
  });

  it.each([
    ['invalid JSON', '{"requestId": '],
    ['an empty string', ''],
    ['JSON null', 'null'],
    ['a JSON array', JSON.stringify([AUTHORIZED_CALLBACK])],
    ['a JSON number', '46761234567'],
    ['a JSON string', JSON.stringify(JSON.stringify(AUTHORIZED_CALLBACK))],
  ])('refuses %s', (_label, body) => {
    const error = parseError(body);

    expect(paths(error)).toEqual(['']);
  });

  it('refuses bytes that are not valid UTF-8', () => {
    const json = encoder.encode(JSON.stringify(AUTHORIZED_CALLBACK));
    const bytes = new Uint8Array([...json.subarray(0, 20), 0xc3, 0x28, ...json.subarray(20)]);

    const error = parseError(bytes);

    expect(error.issues).toEqual([{ path: '', message: expect.stringMatching(/UTF-8/) }]);
  });

  it('refuses bytes of a truncated multi-byte character', () => {
    const bytes = encoder.encode(JSON.stringify({ ...AUTHORIZED_CALLBACK, state: '€' }));
    const cut = bytes.indexOf(0xe2);

    const error = parseError(new Uint8Array([...bytes.subarray(0, cut + 1), ...bytes.subarray(cut + 3)]));

    expect(paths(error)).toEqual(['']);
  });
});

describe('parseCallback: size limits', () => {
  /** A valid callback JSON string of exactly `length` characters (ASCII), padded by an ignored field. */
  function jsonOfLength(length: number): string {
    const base = JSON.stringify({ ...AUTHORIZED_CALLBACK, pad: '' });
    return JSON.stringify({ ...AUTHORIZED_CALLBACK, pad: 'p'.repeat(length - base.length) });
  }

  it('accepts a JSON string of exactly 16 KiB', () => {
    const body = jsonOfLength(MAX_CALLBACK_BYTES);

    expect(parseCallback(body)).toMatchObject({ type: 'authorized' });
  });

  it('refuses a JSON string one byte over 16 KiB', () => {
    const error = parseError(jsonOfLength(MAX_CALLBACK_BYTES + 1));

    expect(error.issues).toEqual([{ path: '', message: expect.stringMatching(/larger/) }]);
  });

  it('counts UTF-8 bytes, not characters: 6000 euro signs (18000 bytes) are too large', () => {
    const body = JSON.stringify({ ...AUTHORIZED_CALLBACK, pad: '€'.repeat(6000) });
    expect(body.length).toBeLessThan(MAX_CALLBACK_BYTES);

    const error = parseError(body);

    expect(error.issues).toEqual([{ path: '', message: expect.stringMatching(/larger/) }]);
  });

  it('accepts multi-byte text whose UTF-8 size stays under 16 KiB', () => {
    const body = JSON.stringify({ ...AUTHORIZED_CALLBACK, pad: '€'.repeat(5000) });

    expect(parseCallback(body)).toMatchObject({ type: 'authorized' });
  });

  it('accepts bytes of exactly 16 KiB', () => {
    expect(parseCallback(encoder.encode(jsonOfLength(MAX_CALLBACK_BYTES)))).toMatchObject({ type: 'authorized' });
  });

  it('refuses bytes over 16 KiB', () => {
    const error = parseError(encoder.encode(jsonOfLength(MAX_CALLBACK_BYTES + 1)));

    expect(paths(error)).toEqual(['']);
  });

  it('refuses an ArrayBuffer over 16 KiB', () => {
    const error = parseError(new ArrayBuffer(MAX_CALLBACK_BYTES + 1));

    expect(error.issues).toEqual([{ path: '', message: expect.stringMatching(/larger/) }]);
  });

  it('refuses URLSearchParams over 16 KiB', () => {
    const params = new URLSearchParams({ ...AUTHORIZED_CALLBACK, pad: 'p'.repeat(MAX_CALLBACK_BYTES) });

    const error = parseError(params);

    expect(paths(error)).toEqual(['']);
  });

  it.each(['requestId', 'accessToken', 'state', 'endpoint'])('refuses a %s over 2 KiB, naming the field', (key) => {
    const body = { ...AUTHORIZED_CALLBACK, [key]: 'x'.repeat(MAX_FIELD_LENGTH + 1) };

    const error = parseError(body);

    expect(paths(error)).toEqual([key]);
  });

  it('refuses a rejection status over 2 KiB', () => {
    const error = parseError({ requestId: REQUEST_ID, status: 's'.repeat(MAX_FIELD_LENGTH + 1) });

    expect(paths(error)).toEqual(['status']);
  });

  it(`refuses an object with more than ${MAX_FIELDS} fields`, () => {
    const extra = Object.fromEntries(Array.from({ length: MAX_FIELDS }, (_, index) => [`extra${index}`, index]));

    const error = parseError({ ...AUTHORIZED_CALLBACK, ...extra });

    expect(paths(error)).toEqual(['']);
  });
});

describe('parseCallback: fields of the wrong shape', () => {
  it.each([
    ['requestId', ''],
    ['accessToken', ''],
    ['endpoint', ''],
  ])('refuses an empty %s', (key, value) => {
    const error = parseError({ ...AUTHORIZED_CALLBACK, [key]: value });

    expect(error.issues).toEqual([{ path: key, message: expect.any(String) }]);
  });

  it('refuses an empty rejection status', () => {
    const error = parseError({ requestId: REQUEST_ID, status: '' });

    expect(paths(error)).toEqual(['status']);
  });

  it.each([
    ['requestId', 12345],
    ['requestId', null],
    ['accessToken', ['a']],
    ['accessToken', { token: 'a' }],
    ['state', 7],
    ['state', null],
    ['endpoint', true],
  ])('refuses a %s of the wrong type (%j)', (key, value) => {
    const error = parseError({ ...AUTHORIZED_CALLBACK, [key]: value });

    expect(paths(error)).toEqual([key]);
  });

  it('refuses a rejection whose status is not a string', () => {
    const error = parseError({ requestId: REQUEST_ID, status: 403 });

    expect(paths(error)).toEqual(['status']);
  });

  it('names both required fields when an object has neither', () => {
    const error = parseError({});

    expect(paths(error).sort()).toEqual(['accessToken', 'requestId']);
  });

  it('names the missing accessToken', () => {
    const error = parseError({ requestId: REQUEST_ID, state: STATE });

    expect(error.issues).toEqual([{ path: 'accessToken', message: expect.any(String) }]);
  });

  it('names the missing requestId', () => {
    const error = parseError({ accessToken: ACCESS_TOKEN });

    expect(paths(error)).toEqual(['requestId']);
  });

  it('names the missing requestId of a rejection', () => {
    const error = parseError({ status: 'user_rejected' });

    expect(paths(error)).toEqual(['requestId']);
  });

  it('refuses a form body that repeats a field', () => {
    const params = new URLSearchParams(`requestId=${REQUEST_ID}&accessToken=a&accessToken=b`);

    const error = parseError(params);

    expect(paths(error)).toEqual(['accessToken']);
  });

  it('gives an InvalidCallbackError with the invalid_callback code, which is a TruecallerError', () => {
    const error = parseError({});

    expect(error).toBeInstanceOf(TruecallerError);
    expect(error.code).toBe('invalid_callback');
  });
});

describe('parseCallback: prototype pollution and tricky objects', () => {
  afterEach(() => {
    // Belt and braces: a failing test must not leave Object.prototype dirty for the next one.
    for (const key of ['polluted', 'requestId', 'accessToken'])
      delete (Object.prototype as Record<string, unknown>)[key];
  });

  it('refuses an own __proto__ key from JSON.parse', () => {
    const body = JSON.parse(`{"__proto__":{"polluted":true},"requestId":"${REQUEST_ID}","accessToken":"a"}`);

    const error = parseError(body);

    expect(paths(error)).toEqual(['__proto__']);
  });

  it('refuses a JSON string with a __proto__ key', () => {
    const error = parseError(`{"requestId":"${REQUEST_ID}","accessToken":"a","__proto__":{"polluted":true}}`);

    expect(paths(error)).toEqual(['__proto__']);
  });

  it('refuses a form body with a __proto__ key', () => {
    const error = parseError(new URLSearchParams(`requestId=${REQUEST_ID}&accessToken=a&__proto__=x`));

    expect(paths(error)).toEqual(['__proto__']);
  });

  it.each(['constructor', 'prototype'])('refuses an own %s key', (key) => {
    const body = JSON.parse(`{"requestId":"${REQUEST_ID}","accessToken":"a","${key}":{"polluted":true}}`);

    const error = parseError(body);

    expect(paths(error)).toEqual([key]);
  });

  it('leaves Object.prototype untouched after refusing __proto__, constructor and prototype keys', () => {
    const bodies = [
      '{"__proto__":{"polluted":true},"requestId":"r","accessToken":"a"}',
      '{"constructor":{"prototype":{"polluted":true}},"requestId":"r","accessToken":"a"}',
      '{"prototype":{"polluted":true},"requestId":"r","accessToken":"a"}',
    ];

    for (const body of bodies) {
      safeParseCallback(body);
      safeParseCallback(JSON.parse(body));
      safeParseCallback(encoder.encode(body));
    }
    safeParseCallback(new URLSearchParams('__proto__=x&requestId=r&accessToken=a'));

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('refuses a getter without calling it', () => {
    let reads = 0;
    const body = {
      requestId: REQUEST_ID,
      get accessToken() {
        reads += 1;
        return ACCESS_TOKEN;
      },
    };

    const error = parseError(body);

    expect(paths(error)).toEqual(['accessToken']);
    expect(reads).toBe(0);
  });

  it('refuses symbol keys', () => {
    const error = parseError({ ...AUTHORIZED_CALLBACK, [Symbol('x')]: 1 });

    expect(paths(error)).toEqual(['']);
  });

  it('refuses an object whose prototype carries requestId and accessToken', () => {
    const body = Object.create({ requestId: REQUEST_ID, accessToken: ACCESS_TOKEN }) as object;

    const error = parseError(body);

    expect(paths(error)).toEqual(['']);
  });

  it('does not read requestId and accessToken inherited from a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.requestId = REQUEST_ID;
    proto.accessToken = ACCESS_TOKEN;
    try {
      const result = safeParseCallback({});

      expect(result.success).toBe(false);
    } finally {
      delete proto.requestId;
      delete proto.accessToken;
    }
  });

  it('returns a result on Object.prototype, not the input object', () => {
    const body = { ...AUTHORIZED_CALLBACK };

    const callback = parseCallback(body);

    expect(callback).not.toBe(body);
    expect(Object.getPrototypeOf(callback)).toBe(Object.prototype);
  });
});

describe('parseCallback: errors never repeat the token', () => {
  function getterBody(): object {
    return {
      requestId: REQUEST_ID,
      get accessToken() {
        return SECRET_TOKEN;
      },
    };
  }

  const cases: [string, () => unknown][] = [
    ['requestId missing', () => ({ accessToken: SECRET_TOKEN })],
    ['requestId empty', () => ({ requestId: '', accessToken: SECRET_TOKEN })],
    ['accessToken too long', () => ({ requestId: REQUEST_ID, accessToken: SECRET_TOKEN.repeat(100) })],
    ['token inside a requestId of the wrong type', () => ({ requestId: [SECRET_TOKEN], accessToken: 5 })],
    ['token inside an accessToken object', () => ({ requestId: REQUEST_ID, accessToken: { SECRET_TOKEN } })],
    ['token next to a state of the wrong type', () => ({ requestId: REQUEST_ID, accessToken: SECRET_TOKEN, state: 1 })],
    ['token next to an empty endpoint', () => ({ requestId: REQUEST_ID, accessToken: SECRET_TOKEN, endpoint: '' })],
    [
      'token as a rejection status that is too long',
      () => ({ requestId: REQUEST_ID, status: SECRET_TOKEN.repeat(60) }),
    ],
    ['token behind a getter', getterBody],
    ['token next to __proto__', () => JSON.parse(`{"__proto__":{},"requestId":"r","accessToken":"${SECRET_TOKEN}"}`)],
    ['token in a class instance', () => Object.assign(new (class Body {})(), { accessToken: SECRET_TOKEN })],
    ['token in a Map', () => new Map([['accessToken', SECRET_TOKEN]])],
    ['token in invalid JSON', () => `{"requestId":"r","accessToken":"${SECRET_TOKEN}"`],
    ['token in a JSON array', () => JSON.stringify([SECRET_TOKEN])],
    ['token in invalid UTF-8', () => new Uint8Array([0xff, ...encoder.encode(`{"accessToken":"${SECRET_TOKEN}"}`)])],
    ['token in an oversized string', () => JSON.stringify({ requestId: 'r', accessToken: SECRET_TOKEN.repeat(500) })],
    [
      'token in a form body with a repeated key',
      () => new URLSearchParams(`requestId=r&accessToken=${SECRET_TOKEN}&accessToken=${SECRET_TOKEN}`),
    ],
  ];

  it.each(cases)('%s', (_label, makeBody) => {
    const error = parseError(makeBody());

    const views = [
      error.message,
      String(error),
      error.stack ?? '',
      JSON.stringify(error),
      JSON.stringify(error.issues),
      inspect(error, { depth: 10 }),
    ];
    for (const view of views) expect(view).not.toContain(SECRET_TOKEN);
  });
});

describe('safeParseCallback', () => {
  it('returns the callback on success', () => {
    const result = safeParseCallback(AUTHORIZED_CALLBACK_WITH_STATE);

    expect(result).toStrictEqual({ success: true, output: parseCallback(AUTHORIZED_CALLBACK_WITH_STATE) });
  });

  it('returns the error instead of throwing', () => {
    const result = safeParseCallback({ requestId: REQUEST_ID });

    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error).toBeInstanceOf(InvalidCallbackError);
      expect(result.error.issues).toEqual([{ path: 'accessToken', message: expect.any(String) }]);
    }
  });

  it.each([
    ['null', null],
    ['a number', 1],
    ['invalid JSON', '{'],
    ['a __proto__ key', JSON.parse('{"__proto__":{}}')],
  ])('does not throw for %s', (_label, body) => {
    const result = safeParseCallback(body);

    expect(result.success).toBe(false);
  });

  // Exotic inputs throw from reflection itself (Object.getPrototypeOf on a revoked Proxy, `new Uint8Array` on a
  // detached buffer); they must still come out as InvalidCallbackError, never a raw TypeError.
  it('does not throw for a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ ...AUTHORIZED_CALLBACK }, {});
    revoke();

    expect(safeParseCallback(proxy)).toMatchObject({ success: false });
  });

  it('does not throw for a detached ArrayBuffer', () => {
    const buffer = new TextEncoder().encode(JSON.stringify(AUTHORIZED_CALLBACK)).buffer;
    structuredClone(buffer, { transfer: [buffer] });

    expect(safeParseCallback(buffer)).toMatchObject({ success: false });
  });

  it('gives the same issues parseCallback would have thrown', () => {
    const body = { requestId: '', accessToken: 5 };

    const result = safeParseCallback(body);

    expect(result.success ? undefined : result.error.issues).toEqual(parseError(body).issues);
  });
});
