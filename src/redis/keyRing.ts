import { misconfigured } from './replies.js';
import { SEALED_PREFIX, type StoredField, type ValueCodec } from './valueCodec.js';

/**
 * Values encrypted under `encryptionKey`, with Web Crypto only (Node, Deno, Bun, Workers alike).
 *
 * From each 32-byte secret, HKDF-SHA-256 derives three independent things: an AES-256-GCM key for values, an
 * HMAC-SHA-256 key for lock names, and a 4-byte key id stored with each value so the right key is tried first.
 * The derivation runs once per tracker, on first use; the CryptoKeys are not extractable, and the raw secrets
 * are zeroed once it succeeds.
 *
 * A stored value is `tcenc1.<key id, 8 hex>.<base64 of 12-byte IV + ciphertext + 16-byte tag>`. The IV is
 * random per value (2^32 values per key keep the collision risk below 2^-32, NIST SP 800-38D); the additional
 * data is the field and the requestId, so a value moved to another request or field does not decrypt.
 *
 * @internal
 */
export function createKeyRing(secrets: Uint8Array[]): ValueCodec {
  let derived: Promise<DerivedKey[]> | undefined;
  const keys = (): Promise<DerivedKey[]> => {
    derived ??= deriveAll(secrets).then(
      (result) => {
        for (const secret of secrets) secret.fill(0);
        return result;
      },
      (error: unknown) => {
        derived = undefined; // a later call tries again
        throw new Error(
          `RedisTracker: Web Crypto could not derive keys from \`encryptionKey\` (${error instanceof Error ? error.name : 'error'}).`,
        );
      },
    );
    return derived;
  };

  return {
    async seal(json, field, requestId) {
      const [current] = await keys();
      if (current === undefined) throw new Error('RedisTracker: no encryption key');
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: associatedData(field, requestId) },
        current.aes,
        encoder.encode(json),
      );
      const body = new Uint8Array(IV_BYTES + sealed.byteLength);
      body.set(iv);
      body.set(new Uint8Array(sealed), IV_BYTES);
      return `${SEALED_PREFIX}${current.id}.${toBase64(body)}`;
    },

    async open(stored, field, requestId, operation) {
      if (!stored.startsWith(SEALED_PREFIX)) {
        throw misconfigured(
          operation,
          `the stored ${field} is not encrypted, but this RedisTracker has an \`encryptionKey\`. It was written by ` +
            'an instance without one; every instance sharing this Redis and prefix needs the same keys (values ' +
            'written before encryption was turned on expire with their TTL).',
        );
      }
      const [id, body] = stored.slice(SEALED_PREFIX.length).split('.', 2);
      const bytes = body === undefined ? undefined : fromBase64(body);
      if (bytes === undefined || bytes.length < IV_BYTES + TAG_BYTES) {
        throw misconfigured(operation, `the stored ${field} is not a value RedisTracker encrypted; delete the key.`);
      }
      const iv = bytes.subarray(0, IV_BYTES);
      const sealed = bytes.subarray(IV_BYTES);
      const ring = await keys();
      // The key with the stored id first; the others too, in case two configured keys share an id (2^-32).
      const candidates = [...ring.filter((key) => key.id === id), ...ring.filter((key) => key.id !== id)];
      for (const key of candidates) {
        try {
          const plain = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv, additionalData: associatedData(field, requestId) },
            key.aes,
            sealed,
          );
          return decoder.decode(plain);
        } catch {
          // Wrong key, or the value was altered: try the next key.
        }
      }
      throw misconfigured(
        operation,
        `the stored ${field} does not decrypt with any \`encryptionKey\` (written under a key no longer listed, ` +
          'or altered). Keep a retired key in the list until values written under it have expired.',
      );
    },

    async lockDigests(key) {
      const data = encoder.encode(key);
      const ring = await keys();
      return Promise.all(
        ring.map(async ({ hmac }) => toHex(new Uint8Array(await crypto.subtle.sign('HMAC', hmac, data)))),
      );
    },
  };
}

interface DerivedKey {
  /** 8 hex characters, stored with each value. */
  id: string;
  aes: CryptoKey;
  hmac: CryptoKey;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const SALT = encoder.encode('truecaller-web-login RedisTracker');

function associatedData(field: StoredField, requestId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${field}\n${requestId}`);
}

async function deriveAll(secrets: Uint8Array[]): Promise<DerivedKey[]> {
  return Promise.all(
    secrets.map(async (secret) => {
      const base = await crypto.subtle.importKey('raw', copy(secret), 'HKDF', false, ['deriveKey', 'deriveBits']);
      const hkdf = (info: string): HkdfParams => ({
        name: 'HKDF',
        hash: 'SHA-256',
        salt: SALT,
        info: encoder.encode(info),
      });
      const [aes, hmac, id] = await Promise.all([
        crypto.subtle.deriveKey(hkdf('value encryption, AES-256-GCM'), base, { name: 'AES-GCM', length: 256 }, false, [
          'encrypt',
          'decrypt',
        ]),
        crypto.subtle.deriveKey(
          hkdf('lock names, HMAC-SHA-256'),
          base,
          { name: 'HMAC', hash: 'SHA-256', length: 256 },
          false,
          ['sign'],
        ),
        crypto.subtle.deriveBits(hkdf('key id'), base, 32),
      ]);
      return { id: toHex(new Uint8Array(id)), aes, hmac };
    }),
  );
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(bytes);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
