// @upstash/redis JSON-parses every string in a reply by default (`automaticDeserialization`): a stored request
// would come back as an object, a numeric state or requestId as a number, 'null' as null. RedisTracker must
// read back exactly what it wrote all the same: its scripts send every stored value behind a `~`, which no JSON
// text starts with, so JSON.parse throws and the client keeps the string. Real redis-server behind a loopback
// stand-in for Upstash's REST protocol (the only stand-in); the client keeps its defaults, plain and encrypted,
// and then the settings users change.
import type { ParkedCallback, PendingRequest, SignInOutcome } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import { beforeAll, describe, expect, it } from 'vitest';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { type UpstashClientOptions, upstashClient } from '../support/upstashClients.js';
import { useUpstashStandIn } from '../support/upstashStandIn.js';

const TTL = 60_000;

/** Strings that JSON.parse would turn into something else, and one it would keep but re-format. */
const JSON_LOOKALIKES = ['12345', '1e3', 'true', 'null', '"quoted"', '{"nested":"json"}', '[1,2,3]', '-0', ' 7 '];

const KEY = 'q3JpQ0x7vY8b2Wm1Zr5tNc9Ls4Hd6Kf0Pa8Xe2Gu7Bo=';

/** The client's defaults (what the suite is about), plain and encrypted, then the settings users change. */
const SETUPS: [string, UpstashClientOptions, string | undefined][] = [
  ['default client options', {}, undefined],
  ['default client options and an encryptionKey', {}, KEY],
  ['automaticDeserialization: false', { automaticDeserialization: false }, undefined],
  ['responseEncoding: false (JSON strings, no base64)', { responseEncoding: false }, KEY],
  ['enableAutoPipelining: false', { enableAutoPipelining: false }, undefined],
];

describe.runIf(shouldRunRedisSuites()).each(SETUPS)('RedisTracker over @upstash/redis with %s', (_, options, key) => {
  const { upstash } = useUpstashStandIn();
  let tracker: RedisTracker;

  beforeAll(async () => {
    tracker = new RedisTracker({
      client: upstashClient(upstash, options),
      prefix: `{deserialize-${crypto.randomUUID()}}:`,
      encryptionKey: key,
    });
  });

  const numericId = () => String(Math.floor(Math.random() * 1e12));

  it.each(JSON_LOOKALIKES)('reads back a request whose state is %j, field for field', async (state) => {
    const request: PendingRequest = {
      requestId: numericId(),
      phoneNumber: '919876543210',
      state,
      createdAt: 1_700_000_000_000.5,
      lock: { key: `phone:91${numericId()}`, owner: '4242' },
    };

    await expect(tracker.register(request, TTL)).resolves.toBe(true);

    await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
  });

  it('hands back outcomes and parked callbacks exactly as written, through settle, claim, remove and unpark', async () => {
    const request: PendingRequest = { requestId: numericId(), state: 'null', createdAt: 1 };
    const outcome: SignInOutcome = { type: 'authorized', accessToken: '123456789012345678901234567890' };
    await tracker.register(request, TTL);

    await expect(tracker.settle(request.requestId, outcome)).resolves.toStrictEqual({
      status: 'settled',
      tracked: { request, outcome },
    });
    await expect(tracker.settle(request.requestId, { type: 'rejected', reason: '[1]' })).resolves.toStrictEqual({
      status: 'already-settled',
      tracked: { request, outcome },
    });
    await expect(tracker.claim(request.requestId, '777')).resolves.toStrictEqual({
      status: 'claimed',
      tracked: { request, outcome },
    });
    await expect(tracker.remove(request.requestId)).resolves.toStrictEqual({ request, outcome });

    const parked: ParkedCallback = { outcome: { type: 'rejected', reason: 'true' }, state: '{"a":1}', receivedAt: 2 };
    const parkedId = numericId();
    await expect(tracker.park(parkedId, parked, TTL, 1_000)).resolves.toBe('parked');
    await expect(tracker.unpark(parkedId)).resolves.toStrictEqual(parked);
  });

  it('keeps lock answers typed: a refused lock still reports how long it is held', async () => {
    const key = `phone:91${numericId()}`;
    await expect(tracker.acquireLock(key, '1', TTL)).resolves.toEqual({ acquired: true });

    const refused = await tracker.acquireLock(key, '2', TTL);

    expect(refused).toMatchObject({ acquired: false, retryAfterMs: expect.any(Number) });
    await expect(tracker.releaseLock(key, '1')).resolves.toBe(true);
  });
});
