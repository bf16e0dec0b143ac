// One scrubber for text from outside the SDK: the causes every SDK error keeps (`safeCause`) and the errors the
// trackers reject with (`storeFailure`) follow the same rules, so a secret hidden in one place is hidden in both.
import { describe, expect, test } from 'vitest';
import { safeCause } from '../../src/internal/safeCause.js';
import { scrub, storeFailure } from '../../src/internal/scrub.js';

const TOKEN = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const SHORT_TOKEN = 'tok-123';
const PHONE = '+46 76 123 45 67';

describe('scrub', () => {
  test.each([
    ['a bearer token', `GET failed, Authorization: Bearer ${SHORT_TOKEN}`, SHORT_TOKEN],
    ['a named secret', `appKey=${SHORT_TOKEN} refused`, SHORT_TOKEN],
    ['a long token anywhere', `value ${TOKEN} is bad`, TOKEN],
    ['a phone number', `no user for ${PHONE}`, '123 45 67'],
  ])('hides %s', (_, text, secret) => {
    expect(scrub(text)).not.toContain(secret);
  });

  test('hides every value sent with the call, also inside JSON and as JSON-escaped text', () => {
    const request = JSON.stringify({ requestId: 'r-1', state: 'sess "x"', accessToken: 'short' });
    const message = `ERR bad args: ["r-1", ${JSON.stringify(request)}] short; state sess \\"x\\"`;

    const scrubbed = scrub(message, ['r-1', request]);

    expect(scrubbed).not.toMatch(/short|sess/);
  });

  test('keeps only the first line, at most 300 characters', () => {
    const scrubbed = scrub(`first line\nsecond line with ${TOKEN}\n${'x '.repeat(400)}`);

    expect(scrubbed).toBe('first line');
    expect(scrub('word '.repeat(200)).length).toBeLessThanOrEqual(301);
  });

  test('leaves short words, codes and hostnames alone', () => {
    expect(scrub('connect ECONNREFUSED 127.0.0.1:6379 (api4.truecaller.com)')).toBe(
      'connect ECONNREFUSED 127.0.0.1:6379 (api4.truecaller.com)',
    );
  });
});

describe('one set of rules for causes and store errors', () => {
  const message = `write failed for ${TOKEN}, Bearer ${SHORT_TOKEN}, ${PHONE}\nCOMMAND: EVALSHA ${TOKEN}`;

  test('a cause and a store error scrub the same message the same way', () => {
    const cause = safeCause(new Error(message));
    const failure = storeFailure('RedisTracker', 'Redis', 'settle', new Error(message), []);

    expect(failure.message).toBe(`RedisTracker.settle: the Redis client failed (Error: ${cause.message})`);
  });

  test.each([
    ['RedisTracker', 'Redis'],
    ['PostgresTracker', 'PostgreSQL'],
  ])('a %s failure hides what was sent and anything secret-like, and keeps a plain code', (owner, store) => {
    const error = Object.assign(new Error(`duplicate key (request)=(${SHORT_TOKEN}x) ${message}`), {
      code: '23505',
      parameters: [SHORT_TOKEN],
    });

    const failure = storeFailure(owner, store, 'register', error, [`${SHORT_TOKEN}x`, null]);

    expect(failure.message).toMatch(new RegExp(`^${owner}\\.register: the ${store} client failed \\(Error: `));
    expect(failure.message).not.toMatch(/tok-123|a1b2c3d4|123 45 67/);
    expect(failure).toMatchObject({ code: '23505' });
    expect(Object.keys(failure)).not.toContain('parameters');
  });

  test('a code that is not a plain code is dropped', () => {
    const error = Object.assign(new Error('x'), { code: `token ${SHORT_TOKEN}` });

    expect('code' in storeFailure('RedisTracker', 'Redis', 'get', error, [])).toBe(false);
  });
});
