// RedisTracker's `encryptionKey` (issue 6 §7): what someone who can read Redis (an operator, a backup, a
// replica, `MONITOR`) sees with and without it, key rotation, and failing closed on values it cannot open.
import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { RedisTracker } from '../../src/redis/index.js';
import type { ParkedCallback, PendingRequest, SignInOutcome } from '../../src/trackers/PendingRequestTracker.js';
import { everythingIn, newId, rejectionOf } from '../support/redisFaults.js';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { useRedis } from '../support/useRedis.js';

const PHONE = '919876543210';
const STATE = 'STATE-0f1e2d3c4b5a69788796a5b4';
const TOKEN = 'ACCESS-TOKEN-9a8b7c6d5e4f3a2b1c0d';
const LOCK_KEY = `phone:${PHONE}`;
const AUTHORIZED: SignInOutcome = {
  type: 'authorized',
  accessToken: TOKEN,
  endpoint: 'https://profile4.truecaller.com/v1/default',
};

function newKey(): string {
  return randomBytes(32).toString('base64');
}

function request(requestId: string, owner = 'owner-1'): PendingRequest {
  return { requestId, phoneNumber: PHONE, state: STATE, createdAt: Date.now(), lock: { key: LOCK_KEY, owner } };
}

const PARKED: ParkedCallback = { outcome: AUTHORIZED, state: STATE, receivedAt: 1_700_000_000_000 };

describe('encryptionKey validation', () => {
  const client = { call: async () => null };
  const key = newKey();

  it.each([
    ['a number', 42],
    ['hex instead of base64', randomBytes(32).toString('hex')],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['an empty string', ''],
    ['a placeholder', `${'A'.repeat(43)}=`],
    ['a Uint8Array', new Uint8Array(32)],
  ])('refuses %s with a TypeError naming the option and showing no key', (_, encryptionKey) => {
    const attempt = () => new RedisTracker({ client, encryptionKey: encryptionKey as never });

    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(/^RedisTracker: `encryptionKey`/);
    const message = rejectionMessage(attempt);
    if (typeof encryptionKey === 'string' && encryptionKey.length > 0) expect(message).not.toContain(encryptionKey);
  });

  it('names the position of a bad key in a list, and refuses an empty list and a repeated key', () => {
    const bad = randomBytes(20).toString('base64');
    expect(() => new RedisTracker({ client, encryptionKey: [key, bad] })).toThrow(/`encryptionKey\[1\]` must be/);
    expect(rejectionMessage(() => new RedisTracker({ client, encryptionKey: [key, bad] }))).not.toContain(bad);
    expect(() => new RedisTracker({ client, encryptionKey: [] })).toThrow(/`encryptionKey` is an empty array/);
    expect(() => new RedisTracker({ client, encryptionKey: [key, newKey(), key] })).toThrow(
      /`encryptionKey\[2\]` is the same key as `encryptionKey\[0\]`/,
    );
    expect(rejectionMessage(() => new RedisTracker({ client, encryptionKey: [key, key] }))).not.toContain(key);
  });

  it('takes standard and URL-safe base64, with or without padding, and a trailing newline', () => {
    const bytes = randomBytes(32);
    for (const encoded of [
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('base64').replace(/=$/, ''),
      `${bytes.toString('base64')}\n`,
    ]) {
      expect(() => new RedisTracker({ client, encryptionKey: encoded })).not.toThrow();
    }
  });

  it('keeps keys out of inspect and JSON of the tracker', () => {
    const bytes = randomBytes(32);
    const tracker = new RedisTracker({ client, encryptionKey: [bytes.toString('base64'), newKey()] });
    const shown = `${inspect(tracker, { showHidden: true, depth: Number.POSITIVE_INFINITY })}${JSON.stringify(tracker)}`;

    expect(shown).not.toContain(bytes.toString('base64'));
    expect(shown).not.toContain(bytes.toString('hex'));
    expect(shown).not.toContain(bytes.toString('base64').slice(0, 12));
  });
});

function rejectionMessage(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    return everythingIn(error);
  }
  throw new Error('did not throw');
}

describe.runIf(shouldRunRedisSuites())('RedisTracker at rest', () => {
  const { io, nodeRedis } = useRedis();

  /** A started, approved and an early-called-back sign-in, as the lifecycle leaves them in Redis. */
  async function signInsIn(tracker: RedisTracker): Promise<void> {
    const started = request(newId('started'));
    await tracker.acquireLock(LOCK_KEY, 'owner-1', 60_000);
    await tracker.register(started, 60_000);
    await tracker.settle(started.requestId, AUTHORIZED);
    await tracker.park(newId('early'), PARKED, 60_000, 10);
  }

  /** Every key name and every value stored under `prefix`, as one text: what `redis-cli` would show. */
  async function dump(prefix: string): Promise<string> {
    const keys = (await io.command(['KEYS', `${prefix}*`])) as string[];
    const parts: string[] = [...keys];
    for (const key of keys) {
      const type = await io.command(['TYPE', key]);
      if (type === 'string') parts.push(String(await io.command(['GET', key])));
      if (type === 'hash') parts.push(JSON.stringify(await io.command(['HGETALL', key])));
      if (type === 'zset') parts.push(JSON.stringify(await io.command(['ZRANGE', key, '0', '-1'])));
    }
    return parts.join('\n');
  }

  it('without a key, shows the number, state and token to anyone who can read Redis (as documented)', async () => {
    const prefix = `{plain-${newId('p')}}:`;
    await signInsIn(new RedisTracker({ client: io.client, prefix }));

    const stored = await dump(prefix);

    expect(stored).toContain(PHONE);
    expect(stored).toContain(STATE);
    expect(stored).toContain(TOKEN);
    // Lock names are an unkeyed SHA-256: no number in the key, but a dictionary of numbers reverses it.
    expect(stored).toContain(createHash('sha256').update(LOCK_KEY).digest('hex'));
  });

  it('with a key, stores no number, state, token, lock key or reversible digest of it', async () => {
    const prefix = `{sealed-${newId('p')}}:`;
    await signInsIn(new RedisTracker({ client: io.client, prefix, encryptionKey: newKey() }));

    const stored = await dump(prefix);

    expect(stored).toContain(`${prefix}lock:`);
    for (const secret of [PHONE, STATE, TOKEN, LOCK_KEY, 'profile4.truecaller.com']) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toContain(createHash('sha256').update(LOCK_KEY).digest('hex'));
    expect(stored).not.toContain(createHash('sha256').update(PHONE).digest('hex'));
  });

  it('reads back exactly what it wrote, across instances and client libraries sharing the key', async () => {
    const encryptionKey = newKey();
    const prefix = `{shared-${newId('p')}}:`;
    const a = new RedisTracker({ client: io.client, prefix, encryptionKey });
    const b = new RedisTracker({ client: nodeRedis.client, prefix, encryptionKey });
    const started = request(newId('shared'));
    const early = newId('early');

    await expect(a.acquireLock(LOCK_KEY, 'owner-1', 60_000)).resolves.toEqual({ acquired: true });
    await expect(b.acquireLock(LOCK_KEY, 'owner-2', 60_000)).resolves.toMatchObject({ acquired: false });
    await a.register(started, 60_000);
    await expect(b.get(started.requestId)).resolves.toStrictEqual({ request: started });
    await expect(b.settle(started.requestId, AUTHORIZED)).resolves.toMatchObject({ status: 'settled' });
    await expect(a.claim(started.requestId, 'claim-1')).resolves.toStrictEqual({
      status: 'claimed',
      tracked: { request: started, outcome: AUTHORIZED },
    });
    await expect(b.finish(started.requestId, 'claim-1')).resolves.toBe(true);
    // finish freed the lock a took: the HMAC lock name is the same on every instance with the key.
    await expect(b.acquireLock(LOCK_KEY, 'owner-2', 60_000)).resolves.toEqual({ acquired: true });
    await b.park(early, PARKED, 60_000, 10);
    await expect(a.unpark(early)).resolves.toStrictEqual(PARKED);
  });

  it('rotates keys: old values still open, new ones use the new key, locks are seen under either', async () => {
    const [oldKey, newer] = [newKey(), newKey()];
    const prefix = `{rotate-${newId('p')}}:`;
    const before = new RedisTracker({ client: io.client, prefix, encryptionKey: oldKey });
    const during = new RedisTracker({ client: nodeRedis.client, prefix, encryptionKey: [newer, oldKey] });
    const after = new RedisTracker({ client: io.client, prefix, encryptionKey: newer });
    const old = request(newId('old'), 'owner-old');
    await before.acquireLock(LOCK_KEY, 'owner-old', 60_000);
    await before.register(old, 60_000);
    await before.settle(old.requestId, AUTHORIZED);

    // An instance on [new, old] reads what the old key wrote, and sees the lock an old instance holds.
    await expect(during.get(old.requestId)).resolves.toStrictEqual({ request: old, outcome: AUTHORIZED });
    await expect(during.acquireLock(LOCK_KEY, 'owner-new', 60_000)).resolves.toMatchObject({ acquired: false });

    // What it writes is under the new key: an instance that dropped the old key reads it.
    const fresh = request(newId('fresh'), 'owner-fresh');
    await during.register(fresh, 60_000);
    await expect(after.get(fresh.requestId)).resolves.toStrictEqual({ request: fresh });

    // Once the old key is dropped, what only it can open fails closed, without showing either key.
    const error = await rejectionOf(after.get(old.requestId));
    expect(error.message).toMatch(/^RedisTracker\.get: the stored request does not decrypt with any `encryptionKey`/);
    for (const key of [oldKey, newer]) expect(everythingIn(error)).not.toContain(key);

    // The old instance's lock is freed by the request that holds it, whichever instance ends it.
    await during.claim(old.requestId, 'claim-old');
    await expect(during.finish(old.requestId, 'claim-old')).resolves.toBe(true);
    await expect(during.acquireLock(LOCK_KEY, 'owner-new', 60_000)).resolves.toEqual({ acquired: true });
    await expect(before.acquireLock(LOCK_KEY, 'owner-x', 60_000)).resolves.toMatchObject({ acquired: true });
    // ...and a release under [new, old] frees a lock taken under either name.
    await expect(during.releaseLock(LOCK_KEY, 'owner-x')).resolves.toBe(true);
  });

  it('fails closed between instances set up differently (key and no key, different keys)', async () => {
    const prefix = `{mixed-${newId('p')}}:`;
    const plain = new RedisTracker({ client: io.client, prefix });
    const sealed = new RedisTracker({ client: io.client, prefix, encryptionKey: newKey() });
    const other = new RedisTracker({ client: io.client, prefix, encryptionKey: newKey() });
    const plainRequest = request(newId('plain'));
    const sealedRequest = request(newId('sealed'));
    await plain.register(plainRequest, 60_000);
    await sealed.register(sealedRequest, 60_000);

    await expect(sealed.get(plainRequest.requestId)).rejects.toThrow(/is not encrypted, but this RedisTracker has/);
    await expect(plain.get(sealedRequest.requestId)).rejects.toThrow(/is encrypted, but this RedisTracker has no/);
    await expect(other.get(sealedRequest.requestId)).rejects.toThrow(/does not decrypt with any `encryptionKey`/);
  });

  it('refuses a value moved to another request or field (the requestId and field are authenticated)', async () => {
    const prefix = `{moved-${newId('p')}}:`;
    const tracker = new RedisTracker({ client: io.client, prefix, encryptionKey: newKey() });
    const [victim, attacker] = [request(newId('victim')), request(newId('attacker'))];
    await tracker.register(victim, 60_000);
    await tracker.register(attacker, 60_000);
    await tracker.settle(attacker.requestId, AUTHORIZED);
    const attackerOutcome = String(await io.command(['HGET', `${prefix}req:${attacker.requestId}`, 'outcome']));
    const attackerRequest = String(await io.command(['HGET', `${prefix}req:${attacker.requestId}`, 'request']));

    await io.command(['HSET', `${prefix}req:${victim.requestId}`, 'outcome', attackerOutcome]);
    await expect(tracker.get(victim.requestId)).rejects.toThrow(/the stored outcome does not decrypt/);
    await io.command(['HSET', `${prefix}req:${attacker.requestId}`, 'outcome', attackerRequest]);
    await expect(tracker.get(attacker.requestId)).rejects.toThrow(/the stored outcome does not decrypt/);
  });

  it('derives its CryptoKeys once per tracker, not once per call', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    try {
      const tracker = new RedisTracker({ client: io.client, encryptionKey: [newKey(), newKey()] });
      for (let i = 0; i < 10; i++) {
        const started = request(newId('once'), `owner-${i}`);
        await tracker.acquireLock(`phone:${newId('n')}`, 'o', 60_000);
        await tracker.register(started, 60_000);
        await tracker.settle(started.requestId, AUTHORIZED);
        await tracker.get(started.requestId);
      }

      expect(importKey).toHaveBeenCalledTimes(2);
    } finally {
      importKey.mockRestore();
    }
  });
});
