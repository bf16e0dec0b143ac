// PostgresTracker's encryption is meant to be RedisTracker's scheme, byte for byte, so that one shared module
// can serve both stores and a key means the same thing everywhere. This pins the two implementations together:
// if either changes alone, these fail.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/postgres/secretBox.js';
import { parseEncryptionKeys } from '../../src/redis/encryptionKey.js';
import { createKeyRing } from '../../src/redis/keyRing.js';

const key = randomBytes(32).toString('base64');
const JSON_VALUE = JSON.stringify({ requestId: 'rq-1', state: 'ünïcødé 🔐', createdAt: 1 });

function redisRing(option: string | string[]) {
  const keys = parseEncryptionKeys(option);
  if (keys === undefined) throw new Error('no keys');
  return createKeyRing(keys);
}

describe('PostgresTracker and RedisTracker encryption', () => {
  it("open each other's sealed values, bound to the same field and requestId", async () => {
    const postgres = createSecretBox(key, 'PostgresTracker');
    const redis = redisRing(key);

    const fromRedis = await redis.seal(JSON_VALUE, 'request', 'rq-1');
    const fromPostgres = await postgres.seal(JSON_VALUE, 'request', 'rq-1');

    await expect(postgres.open(fromRedis, 'request', 'rq-1')).resolves.toBe(JSON_VALUE);
    await expect(redis.open(fromPostgres, 'request', 'rq-1', 'get')).resolves.toBe(JSON_VALUE);
    await expect(postgres.open(fromRedis, 'outcome', 'rq-1')).rejects.toThrow(/does not decrypt/);
    await expect(postgres.open(fromRedis, 'request', 'rq-2')).rejects.toThrow(/does not decrypt/);
  });

  it('derive the same lock keys, under every key of a rotation list, and SHA-256 without a key', async () => {
    const older = randomBytes(32).toString('base64');

    await expect(createSecretBox([key, older], 'PostgresTracker').lockKeys('phone:919876543210')).resolves.toEqual(
      await redisRing([key, older]).lockDigests('phone:919876543210'),
    );
    await expect(createSecretBox(undefined, 'PostgresTracker').lockKeys('phone:1')).resolves.toEqual([
      createHash('sha256').update('phone:1').digest('hex'),
    ]);
  });

  it('never show the plaintext in a sealed value, and seal the same value differently each time', async () => {
    const box = createSecretBox(key, 'PostgresTracker');

    const [first, second] = [
      await box.seal(JSON_VALUE, 'request', 'rq-1'),
      await box.seal(JSON_VALUE, 'request', 'rq-1'),
    ];

    expect(first).toMatch(/^tcenc1\.[0-9a-f]{8}\.[A-Za-z0-9+/]+=*$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('rq-1');
  });
});
