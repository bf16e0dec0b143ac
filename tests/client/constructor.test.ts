import { inspect } from 'node:util';
import { MemoryTracker, TruecallerClient, type TruecallerClientOptions } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { APP_KEY } from '../support/client.js';

/** Builds a client from options the type system would refuse, as a JavaScript caller or bad config could. */
const construct = (options: unknown) => new TruecallerClient(options as TruecallerClientOptions);

/** The TypeError a constructor call throws (fails the test if it throws nothing, or something else). */
function constructionError(options: unknown): TypeError {
  try {
    construct(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('expected the constructor to throw');
}

describe('appKey', () => {
  test.each([
    ['missing', {}],
    ['undefined', { appKey: undefined }],
    ['empty', { appKey: '' }],
    ['blank', { appKey: '   \t' }],
  ])('a %s appKey is refused with a TypeError naming `appKey`', (_label, options) => {
    const error = constructionError(options);

    expect(error.message).toContain('appKey');
  });

  test.each([
    ['a number', 9493249349],
    ['null', null],
    ['an array holding the key', [APP_KEY]],
    ['an object that stringifies to the key', { toString: () => APP_KEY }],
    ['a String object', new String(APP_KEY)],
  ])('an appKey that is %s is refused, and the message never repeats the value', (_label, appKey) => {
    const error = constructionError({ appKey });

    expect(error.message).toContain('appKey');
    expect(error.message).not.toContain(APP_KEY);
    expect(error.message).not.toContain('9493249349');
  });

  test.each([undefined, null, APP_KEY])(
    'options that are not an object (%s) are refused with a TypeError',
    (options) => {
      expect(() => construct(options)).toThrow(TypeError);
    },
  );

  test('the message for a non-object option never repeats a string passed in its place', () => {
    const error = constructionError(APP_KEY);

    expect(error.message).not.toContain(APP_KEY);
  });
});

describe('numeric options', () => {
  const invalid: unknown[] = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000', null, 2 ** 53];

  test.each(['timeout', 'lockTtl', 'pendingTtl'])('an invalid `%s` is refused with a TypeError naming it', (name) => {
    for (const value of invalid) {
      const error = constructionError({ appKey: APP_KEY, [name]: value });
      expect(error.message, `${name}: ${String(value)}`).toContain(`\`${name}\``);
    }
  });

  test('an invalid `retry` is refused with a TypeError naming it', () => {
    for (const value of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '2', null]) {
      const error = constructionError({ appKey: APP_KEY, retry: value });
      expect(error.message, String(value)).toContain('`retry`');
    }
  });

  test('`retry: 0` (no retries) and the smallest valid durations are accepted', () => {
    expect(
      () => new TruecallerClient({ appKey: APP_KEY, retry: 0, timeout: 1, lockTtl: 1, pendingTtl: 1 }),
    ).not.toThrow();
  });

  test('a `timeout` longer than timers can wait (over 2^31-1 ms) is refused at construction, naming `timeout`', () => {
    // setTimeout cannot wait that long; ky refuses it with a RangeError on the first call instead.
    const error = constructionError({ appKey: APP_KEY, timeout: 2 ** 31 });

    expect(error.message).toContain('`timeout`');
  });
});

describe('options given as undefined', () => {
  test('mean the default, so values read from config that may be missing pass straight through', async () => {
    const client = new TruecallerClient({
      appKey: APP_KEY,
      timeout: undefined,
      retry: undefined,
      tracker: undefined,
      lockTtl: undefined,
      defaultCountry: undefined,
    });

    // tracker: undefined keeps the default MemoryTracker: the lifecycle works (an unknown id is simply expired).
    await expect(client.completeSignIn('never-issued')).resolves.toEqual({ status: 'expired' });
  });
});

describe('URL options', () => {
  const invalid: unknown[] = [
    'not a url',
    '/v1/apps/requests',
    'ftp://api4.truecaller.com/v1/apps/requests',
    'javascript:alert(1)',
    '',
    42,
  ];

  test.each(['requestsUrl', 'profileUrl'])('an invalid `%s` is refused with a TypeError naming it', (name) => {
    for (const value of invalid) {
      const error = constructionError({ appKey: APP_KEY, [name]: value });
      expect(error.message, `${name}: ${String(value)}`).toContain(`\`${name}\``);
    }
  });

  test('http and https URLs are accepted for both endpoints', () => {
    expect(
      () =>
        new TruecallerClient({
          appKey: APP_KEY,
          requestsUrl: 'http://127.0.0.1:8080/v1/apps/requests',
          profileUrl: 'https://profile.example.test/v1/default',
        }),
    ).not.toThrow();
  });
});

describe('trustedProfileHosts', () => {
  test.each([
    ['a string instead of a list', 'profile4.truecaller.com'],
    ['a list holding a number', [42]],
    ['a list holding null', ['profile4.truecaller.com', null]],
    ['an object', { host: 'profile4.truecaller.com' }],
  ])('%s is refused with a TypeError naming `trustedProfileHosts`', (_label, trustedProfileHosts) => {
    const error = constructionError({ appKey: APP_KEY, trustedProfileHosts });

    expect(error.message).toContain('trustedProfileHosts');
  });

  test('hostnames and RegExps are accepted', () => {
    expect(
      () => new TruecallerClient({ appKey: APP_KEY, trustedProfileHosts: ['profile.example.test', /^p\d\.example$/] }),
    ).not.toThrow();
  });
});

describe('tracker', () => {
  test.each([
    ['true', true],
    ['null', null],
    ['a string', 'memory'],
    ['an empty object', {}],
    ['an object missing `take`', { acquireLock() {}, releaseLock() {}, register() {}, get() {}, settle() {} }],
  ])('%s is refused with a TypeError naming `tracker`', (_label, tracker) => {
    const error = constructionError({ appKey: APP_KEY, tracker });

    expect(error.message).toContain('tracker');
  });

  test('`false`, a MemoryTracker and any object with the ten methods are accepted', () => {
    const custom = new MemoryTracker();
    const lookalike = {
      acquireLock: custom.acquireLock.bind(custom),
      releaseLock: custom.releaseLock.bind(custom),
      register: custom.register.bind(custom),
      get: custom.get.bind(custom),
      settle: custom.settle.bind(custom),
      claim: custom.claim.bind(custom),
      finish: custom.finish.bind(custom),
      remove: custom.remove.bind(custom),
      park: custom.park.bind(custom),
      unpark: custom.unpark.bind(custom),
    };

    expect(() => new TruecallerClient({ appKey: APP_KEY, tracker: false })).not.toThrow();
    expect(() => new TruecallerClient({ appKey: APP_KEY, tracker: custom })).not.toThrow();
    expect(() => new TruecallerClient({ appKey: APP_KEY, tracker: lookalike })).not.toThrow();
  });
});

describe('fetch', () => {
  test.each([
    ['a string', 'fetch'],
    ['null', null],
    ['an object', { fetch() {} }],
  ])('%s is refused with a TypeError naming `fetch`', (_label, fetch) => {
    const error = constructionError({ appKey: APP_KEY, fetch });

    expect(error.message).toContain('`fetch`');
  });
});

describe('defaultCountry', () => {
  test('an unknown country code is refused at construction with a TypeError naming `defaultCountry`', () => {
    // Otherwise a deployment typo ('SW' for Sweden) surfaces on every sign-in as "invalid phone number".
    const error = constructionError({ appKey: APP_KEY, defaultCountry: 'XX' });

    expect(error.message).toContain('defaultCountry');
  });
});

describe('the client never shows its appKey', () => {
  const client = new TruecallerClient({ appKey: APP_KEY, tracker: false });

  test('util.inspect, even showing hidden properties at any depth', () => {
    expect(inspect(client)).not.toContain(APP_KEY);
    expect(inspect(client, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true })).not.toContain(
      APP_KEY,
    );
  });

  test('JSON.stringify', () => {
    expect(JSON.stringify(client)).not.toContain(APP_KEY);
  });

  test('String() and template literals', () => {
    expect(String(client)).not.toContain(APP_KEY);
    expect(`${client}`).not.toContain(APP_KEY);
  });

  test('own keys, spread copies and structuredClone', () => {
    expect(JSON.stringify(Object.getOwnPropertyNames(client))).not.toContain(APP_KEY);
    expect(JSON.stringify({ ...client })).not.toContain(APP_KEY);
    expect(inspect(structuredClone(client), { depth: Number.POSITIVE_INFINITY })).not.toContain(APP_KEY);
  });
});
