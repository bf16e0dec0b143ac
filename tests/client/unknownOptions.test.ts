// Every options object a user passes refuses keys it does not know, with a TypeError naming the key and the
// closest valid one: a JavaScript caller who writes `timeoutMs` would otherwise silently get the default.
import {
  createTruecallerRoutes,
  MemoryTracker,
  parseCallbackRequest,
  TruecallerClient,
  type TruecallerClientOptions,
} from 'truecaller-web-login';
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { RedisTracker } from 'truecaller-web-login/redis';
import { describe, expect, test } from 'vitest';
import { APP_KEY } from '../support/client.js';

/** Options the type system would refuse, as a JavaScript caller or a config file could pass them. */
const loose = <T>(options: Record<string, unknown>) => options as unknown as T;

const client = () => new TruecallerClient({ appKey: APP_KEY });
const callback = () => new Request('https://app.example/cb', { method: 'POST', body: '{}' });
const redisClient = { eval: async () => null, evalsha: async () => null, call: async () => null };
const sqlClient = { query: async () => ({ rows: [] }) };

/** [where, the call with a misspelled key, the key, the valid one the message must suggest] */
const CASES: [string, () => unknown, string, string][] = [
  [
    'TruecallerClient',
    () => new TruecallerClient(loose<TruecallerClientOptions>({ appKey: APP_KEY, timeoutMs: 5_000 })),
    'timeoutMs',
    'timeout',
  ],
  [
    'TruecallerClient',
    () => new TruecallerClient(loose<TruecallerClientOptions>({ appKey: APP_KEY, pendingTTL: 5_000 })),
    'pendingTTL',
    'pendingTtl',
  ],
  ['MemoryTracker', () => new MemoryTracker(loose({ maxEntry: 10 })), 'maxEntry', 'maxEntries'],
  ['RedisTracker', () => new RedisTracker(loose({ client: redisClient, prefx: 'a:' })), 'prefx', 'prefix'],
  ['PostgresTracker', () => new PostgresTracker(loose({ client: sqlClient, tabel: 't' })), 'tabel', 'table'],
  [
    'PostgresTracker.sweep',
    () => new PostgresTracker({ client: sqlClient as never }).sweep(loose({ limt: 10 })),
    'limt',
    'limit',
  ],
  [
    'createTruecallerRoutes',
    () => createTruecallerRoutes(client(), loose({ state: () => 's', onComplete: () => new Response() })),
    'onComplete',
    'onCompleted',
  ],
  ['parseCallbackRequest', () => parseCallbackRequest(callback(), loose({ maxByte: 10 })), 'maxByte', 'maxBytes'],
  ['handleCallback', () => client().handleCallback(callback(), loose({ timeoutMs: 10 })), 'timeoutMs', 'timeout'],
  [
    'requestAuthorization',
    () => client().requestAuthorization(loose({ phoneNumber: '+46761234567', sate: 's' })),
    'sate',
    'state',
  ],
  ['fetchProfile', () => client().fetchProfile('token', loose({ endPoint: 'x' })), 'endPoint', 'endpoint'],
  [
    'registerRequest',
    () => client().registerRequest(loose({ requestId: 'abcdefgh1234', phone: '+46761234567' })),
    'phone',
    'phoneNumber',
  ],
  ['completeSignIn', () => client().completeSignIn('r1', loose({ signl: undefined })), 'signl', 'signal'],
  ['cancelSignIn', () => client().cancelSignIn('r1', loose({ stat: 's' })), 'stat', 'state'],
  [
    'createMobileWebLink',
    () => client().createMobileWebLink(loose({ partnerName: 'Acme', ctaColour: '#000000' })),
    'ctaColour',
    'ctaColor',
  ],
];

/** The TypeError a call throws or rejects with. */
async function typeErrorOf(call: () => unknown): Promise<TypeError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('expected the call to throw');
}

describe('unknown option keys', () => {
  test.each(CASES)('%s refuses `%s`… naming the key and the closest valid one', async (owner, call, key, closest) => {
    const error = await typeErrorOf(call);

    expect(error.message).toContain(`${owner}:`);
    expect(error.message).toContain(`unknown option \`${key}\``);
    expect(error.message).toContain(`did you mean \`${closest}\`?`);
  });

  test('a key close to no valid one is refused with the list of valid ones', async () => {
    const error = await typeErrorOf(() => new MemoryTracker(loose({ redisUrl: 'redis://x' })));

    expect(error.message).toBe('MemoryTracker: unknown option `redisUrl`. Valid options: `maxEntries`, `now`.');
  });

  test.each([
    ['RedisTracker', () => new RedisTracker(loose({ client: redisClient, timeoutMs: 500 }))],
    ['PostgresTracker', () => new PostgresTracker(loose({ client: sqlClient, timeoutMs: 500 }))],
  ])('%s refuses `timeoutMs` as renamed `timeout`', async (_, call) => {
    expect((await typeErrorOf(call)).message).toContain('`timeoutMs` was renamed `timeout`');
  });

  test('a key that could be a secret is not repeated in full', async () => {
    const secretish = 'sk_live_0123456789abcdef0123456789abcdef0123456789';

    const error = await typeErrorOf(() => new MemoryTracker(loose({ [secretish]: true })));

    expect(error.message).not.toContain(secretish);
  });

  test('every documented option is accepted', () => {
    expect(
      () =>
        new TruecallerClient({
          appKey: APP_KEY,
          fetch: globalThis.fetch,
          timeout: 1,
          maxResponseBytes: 1,
          retry: 0,
          requestsUrl: 'https://example.com',
          profileUrl: 'https://example.com',
          trustedProfileHosts: [],
          defaultCountry: 'SE',
          tracker: new MemoryTracker({ maxEntries: 1, now: Date.now }),
          lockTtl: 1,
          pendingTtl: 1,
          earlyCallbackTtl: 1,
          maxEarlyCallbacks: 1,
          onEvent: () => undefined,
        }),
    ).not.toThrow();
  });
});
