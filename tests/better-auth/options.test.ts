import { MemoryTracker, TruecallerClient } from 'truecaller-web-login';
import { TRUECALLER_ERROR_CODES, truecaller } from 'truecaller-web-login/better-auth';
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { describe, expect, test } from 'vitest';

const secret = 'callback-secret-0123456789';
const appKey = 'options-test-app-key';

function messageOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('expected a TypeError');
}

describe('the plugin refuses to start without a store for pending sign-ins', () => {
  test('no tracker: the message says what to configure, and why secondaryStorage is not enough', () => {
    const message = messageOf(() => truecaller({ client: { appKey }, callbackSecret: secret }));

    expect(message).toContain('tracker: new RedisTracker(redis)');
    expect(message).toContain('tracker: new MemoryTracker()');
    expect(message).toContain('ONE process');
    expect(message).toContain('secondaryStorage');
  });

  test('a MemoryTracker passed explicitly is the opt-in for one instance', () => {
    expect(truecaller({ client: { appKey }, callbackSecret: secret, tracker: new MemoryTracker() }).id).toBe(
      'truecaller',
    );
  });

  test('a tracker inside the client options is used', () => {
    expect(() =>
      truecaller({ client: { appKey, tracker: new MemoryTracker() }, callbackSecret: secret }),
    ).not.toThrow();
  });

  test('tracker: false, or two different trackers, are refused', () => {
    expect(messageOf(() => truecaller({ client: { appKey, tracker: false }, callbackSecret: secret }))).toContain(
      'tracker: false',
    );
    expect(
      messageOf(() =>
        truecaller({
          client: { appKey, tracker: new MemoryTracker() },
          callbackSecret: secret,
          tracker: new MemoryTracker(),
        }),
      ),
    ).toContain('two different trackers');
  });

  test('a ready TruecallerClient on a shared store is used as it is', () => {
    const shared = new PostgresTracker({ client: { query: async () => ({ rows: [] }) } });
    const client = new TruecallerClient({ appKey, tracker: shared });

    expect(truecaller({ client, callbackSecret: secret }).id).toBe('truecaller');
    expect(truecaller({ client, callbackSecret: secret, tracker: shared }).id).toBe('truecaller');
  });

  test('a ready TruecallerClient in memory is refused unless that same MemoryTracker is passed as the opt-in', () => {
    // `new TruecallerClient({ appKey })` alone keeps sign-ins in one process's memory.
    const lone = new TruecallerClient({ appKey });
    const message = messageOf(() => truecaller({ client: lone, callbackSecret: secret }));
    expect(message).toContain('MemoryTracker');
    expect(message).toContain('`tracker` option to opt in');

    const memory = new MemoryTracker();
    const single = new TruecallerClient({ appKey, tracker: memory });
    expect(messageOf(() => truecaller({ client: single, callbackSecret: secret }))).toContain('MemoryTracker');
    expect(truecaller({ client: single, callbackSecret: secret, tracker: memory }).id).toBe('truecaller');
  });

  test('a ready TruecallerClient with another tracker beside it, or with none, is refused', () => {
    const client = new TruecallerClient({ appKey, tracker: new MemoryTracker() });
    expect(messageOf(() => truecaller({ client, callbackSecret: secret, tracker: new MemoryTracker() }))).toContain(
      "not the `client`'s own tracker",
    );
    const off = new TruecallerClient({ appKey, tracker: false });
    expect(messageOf(() => truecaller({ client: off, callbackSecret: secret }))).toContain('`tracker: false`');
  });
});

describe('other options are checked when the server starts', () => {
  const tracker = new MemoryTracker();

  test.each([
    ['missing', undefined],
    ['too short', 'short'],
    ['not URL-safe', 'a/b/c/d/e/f/g/h/i/j'],
  ])('a callbackSecret that is %s is refused', (_case, callbackSecret) => {
    expect(
      messageOf(() => truecaller({ client: { appKey }, callbackSecret: callbackSecret as string, tracker })),
    ).toContain('callbackSecret');
  });

  test('mobileWeb is checked against Truecaller’s values now, not on the first link', () => {
    const withLink = (mobileWeb: unknown) => () =>
      truecaller({ client: { appKey }, callbackSecret: secret, tracker, mobileWeb: mobileWeb as never });

    expect(messageOf(withLink({ partnerName: '' }))).toContain('partnerName');
    expect(messageOf(withLink({ partnerName: 'Acme', lang: 'xx' }))).toContain('lang');
    expect(messageOf(withLink({ partnerName: 'Acme', state: 'fixed' }))).toContain('without state');
    expect(withLink({ partnerName: 'Acme', lang: 'en', ctaColor: '#1E88E5' })).not.toThrow();
  });

  test("a mobileWeb ttl beyond the client's pendingTtl is refused now: its callback would be refused later", () => {
    const withTtl = (pendingTtl: number | undefined) => () =>
      truecaller({
        client: { appKey, ...(pendingTtl === undefined ? {} : { pendingTtl }) },
        callbackSecret: secret,
        tracker,
        mobileWeb: { partnerName: 'Acme', ttl: 300_000 },
      });

    expect(messageOf(withTtl(120_000))).toContain('pendingTtl (120000 ms)');
    expect(withTtl(undefined)).not.toThrow();
  });

  test('a bad client option is the client’s own TypeError', () => {
    expect(messageOf(() => truecaller({ client: { appKey: '' }, callbackSecret: secret, tracker }))).toContain(
      'appKey',
    );
  });

  test('no option value shows up in a message', () => {
    const message = messageOf(() => truecaller({ client: { appKey }, callbackSecret: 'leaky', tracker }));

    expect(message).not.toContain('leaky');
    expect(message).not.toContain(appKey);
  });
});

test('every error code is in Better Auth’s { code, message } form, keyed by its code', () => {
  for (const [key, value] of Object.entries(TRUECALLER_ERROR_CODES)) {
    expect(value.code).toBe(key);
    expect(value.message.length).toBeGreaterThan(0);
  }
});
