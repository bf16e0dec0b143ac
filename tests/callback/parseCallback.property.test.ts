import { inspect } from 'node:util';
import * as fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { MAX_CALLBACK_BYTES, MAX_FIELD_LENGTH } from '../../src/callback/limits.js';
import { parseCallback, safeParseCallback } from '../../src/callback/parseCallback.js';
import type { TruecallerCallback } from '../../src/callback/schema.js';
import { InvalidCallbackError } from '../../src/errors/inputErrors.js';
import { testProp } from '../support/property.js';

const CALLBACK_KEYS = ['requestId', 'accessToken', 'state', 'endpoint', 'status'] as const;
const AUTHORIZED_KEYS = new Set(['type', 'requestId', 'accessToken', 'state', 'endpoint']);
const REJECTED_KEYS = new Set(['type', 'requestId', 'reason', 'state']);

function isField(value: unknown, { allowEmpty }: { allowEmpty: boolean }): boolean {
  return typeof value === 'string' && value.length <= MAX_FIELD_LENGTH && (allowEmpty || value.length > 0);
}

/** Throws (failing the property) unless `callback` is one of the two documented output shapes. */
function expectWellFormed(callback: TruecallerCallback): void {
  const record = callback as unknown as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) expect(record[key], `key ${key}`).not.toBeUndefined();
  expect(isField(record.requestId, { allowEmpty: false })).toBe(true);
  if ('state' in record) expect(isField(record.state, { allowEmpty: true })).toBe(true);
  if (callback.type === 'authorized') {
    for (const key of keys) expect(AUTHORIZED_KEYS.has(key), `unexpected key ${key}`).toBe(true);
    expect(isField(record.accessToken, { allowEmpty: false })).toBe(true);
    if ('endpoint' in record) expect(isField(record.endpoint, { allowEmpty: false })).toBe(true);
  } else {
    expect(callback.type).toBe('rejected');
    for (const key of keys) expect(REJECTED_KEYS.has(key), `unexpected key ${key}`).toBe(true);
    expect(isField(record.reason, { allowEmpty: false })).toBe(true);
  }
}

/** Parses `body`; the property fails if anything but a well-formed callback or an InvalidCallbackError comes out. */
function parseOrInvalid(body: unknown): TruecallerCallback | InvalidCallbackError {
  let callback: TruecallerCallback;
  try {
    callback = parseCallback(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCallbackError);
    const invalid = error as InvalidCallbackError;
    expect(invalid.code).toBe('invalid_callback');
    expect(invalid.issues.length).toBeGreaterThan(0);
    for (const issue of invalid.issues) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
    return invalid;
  }
  expectWellFormed(callback);
  return callback;
}

// Strings a callback field may hold. Graphemes keep them well-formed, so URLSearchParams round-trips them too.
const fieldText = (minLength: number) =>
  fc.string({ unit: 'grapheme', minLength, maxLength: 200 }).filter((text) => text.length <= MAX_FIELD_LENGTH);

const keyArbitrary = fc.oneof(
  fc.constantFrom(...CALLBACK_KEYS, '__proto__', 'constructor', 'prototype', 'toString', 'type', 'reason'),
  fc.string({ maxLength: 12 }),
);

/** Objects that look more or less like callbacks: some documented keys, random others, values of any type. */
const callbackLikeObject = fc.dictionary(
  keyArbitrary,
  fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 2040, maxLength: 2060 }), fc.anything()),
  { maxKeys: 8 },
);

const authorizedInput = fc.record(
  {
    requestId: fieldText(1),
    accessToken: fieldText(1),
    state: fieldText(0),
    endpoint: fieldText(1),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['requestId', 'accessToken'] },
);

const rejectedInput = fc.record(
  { requestId: fieldText(1), status: fieldText(1), state: fieldText(0), accessToken: fieldText(1) },
  { requiredKeys: ['requestId', 'status'] },
);

function expectedAuthorized(input: {
  requestId: string;
  accessToken: string;
  state?: string;
  endpoint?: string;
}): TruecallerCallback {
  return {
    type: 'authorized',
    requestId: input.requestId,
    accessToken: input.accessToken,
    ...(input.state === undefined ? {} : { state: input.state }),
    ...(input.endpoint === undefined ? {} : { endpoint: input.endpoint }),
  };
}

const encoder = new TextEncoder();

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => CALLBACK_KEYS.includes(name as never))).toEqual(
    [],
  );
});

describe('parseCallback never fails in an undocumented way', () => {
  testProp(
    [
      fc.anything({
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withObjectString: true,
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withTypedArray: true,
        withSparseArray: true,
        stringUnit: 'binary',
      }),
    ],
    { numRuns: 400 },
  )('for any value', (body) => {
    parseOrInvalid(body);
  });

  testProp([fc.string({ unit: 'binary', maxLength: 200 })], { numRuns: 300 })('for any string', (body) => {
    parseOrInvalid(body);
  });

  testProp([fc.json({ maxDepth: 3 })], { numRuns: 300 })('for any JSON text', (body) => {
    parseOrInvalid(body);
  });

  testProp([callbackLikeObject], { numRuns: 400 })('for objects with random keys and values', (body) => {
    parseOrInvalid(body);
  });

  testProp([callbackLikeObject], { numRuns: 200 })('for the same objects sent as JSON text and bytes', (body) => {
    let json: string | undefined;
    try {
      json = JSON.stringify(body);
    } catch {
      return; // bigint or a cycle: not something a wire body can hold
    }
    if (json === undefined) return;
    const fromText = parseOrInvalid(json);
    const fromBytes = parseOrInvalid(encoder.encode(json));
    expect(fromBytes).toStrictEqual(fromText);
  });

  testProp([fc.uint8Array({ maxLength: 300 })], { numRuns: 300 })('for any bytes', (body) => {
    parseOrInvalid(body);
    parseOrInvalid(body.buffer);
  });

  testProp([fc.array(fc.tuple(keyArbitrary, fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 8 })], {
    numRuns: 300,
  })('for any form body', (entries) => {
    parseOrInvalid(new URLSearchParams(entries));
  });

  testProp([fc.anything()], { numRuns: 200 })('safeParseCallback never throws', (body) => {
    const result = safeParseCallback(body);

    if (result.success) expectWellFormed(result.output);
    else expect(result.error).toBeInstanceOf(InvalidCallbackError);
  });
});

describe('valid callbacks round-trip', () => {
  testProp([authorizedInput], { numRuns: 200 })('authorized, as an object', (input) => {
    expect(parseCallback(input)).toStrictEqual(expectedAuthorized(input));
  });

  testProp([authorizedInput], { numRuns: 200 })('authorized, as JSON text and as UTF-8 bytes', (input) => {
    const json = JSON.stringify(input);
    fc.pre(encoder.encode(json).byteLength <= MAX_CALLBACK_BYTES);

    expect(parseCallback(json)).toStrictEqual(expectedAuthorized(input));
    expect(parseCallback(encoder.encode(json))).toStrictEqual(expectedAuthorized(input));
  });

  testProp([authorizedInput], { numRuns: 200 })('authorized, as a form body', (input) => {
    const { extra: _extra, ...fields } = input;

    expect(parseCallback(new URLSearchParams(fields))).toStrictEqual(expectedAuthorized(input));
  });

  testProp([rejectedInput], { numRuns: 200 })('rejected, as an object and as JSON text', (input) => {
    const expected = {
      type: 'rejected',
      requestId: input.requestId,
      reason: input.status,
      ...(input.state === undefined ? {} : { state: input.state }),
    };

    expect(parseCallback(input)).toStrictEqual(expected);
    expect(parseCallback(JSON.stringify(input))).toStrictEqual(expected);
  });

  testProp(
    [
      fc.string({ minLength: 1, maxLength: MAX_FIELD_LENGTH }),
      fc.string({ minLength: 1, maxLength: MAX_FIELD_LENGTH }),
    ],
    { numRuns: 50 },
  )('authorized with fields up to the length limit', (requestId, accessToken) => {
    expect(parseCallback({ requestId, accessToken })).toStrictEqual({ type: 'authorized', requestId, accessToken });
  });
});

describe('errors never repeat values from the body', () => {
  // `tok_` never appears in a fixed message, and the keys below are too short to contain a token.
  const token = fc
    .tuple(fc.stringMatching(/^tok_[A-Za-z0-9_~-]{16,40}$/), fc.integer({ min: 1, max: 120 }))
    .map(([text, times]) => text.repeat(times));
  const tokenBody = fc.dictionary(
    fc.oneof(fc.constantFrom(...CALLBACK_KEYS, '__proto__'), fc.string({ maxLength: 3 })),
    fc.oneof(token, fc.array(token, { maxLength: 2 }), fc.constant(''), fc.integer()),
    { maxKeys: 6 },
  );

  testProp([tokenBody, fc.constantFrom('object', 'json', 'bytes', 'form')], { numRuns: 400 })(
    'in message, issues, JSON or inspect output',
    (body, form) => {
      const input =
        form === 'object'
          ? body
          : form === 'json'
            ? JSON.stringify(body)
            : form === 'bytes'
              ? encoder.encode(JSON.stringify(body))
              : new URLSearchParams(Object.entries(body).map(([key, value]) => [key, String(value)]));

      const result = parseOrInvalid(input);

      if (!(result instanceof InvalidCallbackError)) return;
      const views = [result.message, JSON.stringify(result), JSON.stringify(result.issues), inspect(result)].join('\n');
      expect(views).not.toMatch(/tok_/);
    },
  );
});
