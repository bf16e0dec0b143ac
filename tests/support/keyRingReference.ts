import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The `encryptionKey` scheme of RedisTracker and PostgresTracker as `docs/security.md` and
 * `src/internal/keyRing.ts` describe it, written a second time with node:crypto instead of Web Crypto. Tests hold
 * the trackers' stored values against it, so the format (which instances on different versions and both stores
 * share) cannot drift without a test failing.
 */
const SALT = 'truecaller-web-login RedisTracker';

function derive(key: string, info: string, bytes: number): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(key, 'base64'), SALT, info, bytes));
}

/** `tcenc1.<key id>.<base64 of IV + ciphertext + tag>`, additional data `<field>\n<requestId>`. */
export function referenceSeal(key: string, json: string, field: string, requestId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(key, 'value encryption, AES-256-GCM', 32), iv);
  cipher.setAAD(Buffer.from(`${field}\n${requestId}`));
  const sealed = Buffer.concat([iv, cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `tcenc1.${derive(key, 'key id', 4).toString('hex')}.${sealed.toString('base64')}`;
}

/** The JSON inside a sealed value; throws if the key id, the additional data or the tag does not match. */
export function referenceOpen(key: string, stored: string, field: string, requestId: string): string {
  const [prefix, id, body] = stored.split('.');
  if (prefix !== 'tcenc1' || id !== derive(key, 'key id', 4).toString('hex') || body === undefined) {
    throw new Error('not sealed under this key');
  }
  const bytes = Buffer.from(body, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    derive(key, 'value encryption, AES-256-GCM', 32),
    bytes.subarray(0, 12),
  );
  decipher.setAAD(Buffer.from(`${field}\n${requestId}`));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/** The name a lock is stored under: HMAC-SHA-256 under the derived key, or SHA-256 without a key (hex). */
export function referenceLockDigest(key: string | undefined, lockKey: string): string {
  if (key === undefined) return createHash('sha256').update(lockKey).digest('hex');
  return createHmac('sha256', derive(key, 'lock names, HMAC-SHA-256', 32))
    .update(lockKey)
    .digest('hex');
}
