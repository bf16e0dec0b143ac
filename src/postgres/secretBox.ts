import { sha256Hex } from '../internal/digest.js';

/**
 * Secrets at rest for {@link PostgresTracker}: stored values sealed with AES-256-GCM and lock keys derived with
 * HMAC-SHA-256, both through Web Crypto, under the `encryptionKey` option (one key or a list, newest first: the
 * first seals and takes new locks, all of them open values and find locks taken under them). Without a key,
 * values are stored as the JSON written and lock keys are the SHA-256 hex of the lifecycle's key.
 *
 * Byte for byte the scheme of RedisTracker's key ring (branch `rel`, `src/redis/keyRing.ts`), so one shared
 * module can serve both: the key is the base64 of 32 random bytes; HKDF-SHA-256 (salt
 * `truecaller-web-login RedisTracker`) derives an AES-256-GCM key, an HMAC-SHA-256 key and a 4-byte key id; a
 * sealed value is `tcenc1.<key id, 8 hex>.<base64 of 12-byte IV + ciphertext + 16-byte tag>` with
 * `<field>\n<requestId>` as additional data, so a value moved to another row or column does not open.
 *
 * Nothing here puts a key, a plaintext or any part of either into a message.
 *
 * @internal
 */
export interface SecretBox {
  /** Whether values are sealed (an `encryptionKey` was given). */
  readonly sealing: boolean;
  /** Seals `json`, the value of `field` of request `requestId`; the identity without a key. */
  seal(json: string, field: StoredField, requestId: string): Promise<string>;
  /**
   * Opens a value written by {@link seal} for the same field and requestId.
   *
   * @throws {Error} for a value sealed under none of the keys, altered, moved from another row or field, stored
   *   in plain text while a key is set, or sealed while no key is set.
   */
  open(stored: string, field: StoredField, requestId: string): Promise<string>;
  /** The storage keys of lock `key`: the first is the one to write, the others (older keys) are checked too. */
  lockKeys(key: string): Promise<string[]>;
}

/** Which stored value: a pending request, its outcome, or a parked callback. @internal */
export type StoredField = 'request' | 'outcome' | 'parked';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_PREFIX = 'tcenc1.';
const BASE64_32_BYTES = /^[A-Za-z0-9+/_-]{43}=?$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const SALT = encoder.encode('truecaller-web-login RedisTracker');

const HOW_TO_MAKE_ONE =
  'the base64 of 32 random bytes (44 characters, e.g. from `openssl rand -base64 32` or ' +
  "`node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`)";

/**
 * Builds the box for an `encryptionKey` option. Validation is synchronous (a bad key is a TypeError at
 * construction); the Web Crypto keys are derived once, on first use, and the raw secrets are then zeroed.
 *
 * @param owner - The class named in messages, e.g. `'PostgresTracker'`.
 * @throws {TypeError} naming `encryptionKey` (and the position in a list) for anything but base64 strings of 32
 *   random-looking bytes, an empty list, or the same key twice.
 */
export function createSecretBox(option: unknown, owner: string): SecretBox {
  const secrets = parseEncryptionKeys(option, owner);
  if (secrets === undefined) return plainBox(owner);
  let derived: Promise<DerivedKey[]> | undefined;
  const keys = (): Promise<DerivedKey[]> => {
    derived ??= Promise.all(secrets.map(deriveKey)).then(
      (result) => {
        for (const secret of secrets) secret.fill(0);
        return result;
      },
      (error: unknown) => {
        derived = undefined; // a later call tries again
        throw new Error(
          `${owner}: Web Crypto could not derive keys from \`encryptionKey\` (${error instanceof Error ? error.name : 'error'}).`,
        );
      },
    );
    return derived;
  };

  return {
    sealing: true,
    async seal(json, field, requestId) {
      const [current] = await keys();
      if (current === undefined) throw new Error(`${owner}: no encryption key`);
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
    async open(stored, field, requestId) {
      if (!stored.startsWith(SEALED_PREFIX)) {
        throw new Error(
          `${owner}: the stored ${field} is not encrypted, but this tracker has an \`encryptionKey\`. It was written ` +
            'by an instance without one; every instance sharing the store needs the same keys (values written ' +
            'before encryption was turned on expire with their TTL).',
        );
      }
      const [id, body] = stored.slice(SEALED_PREFIX.length).split('.', 2);
      const bytes = body === undefined ? undefined : fromBase64(body);
      if (bytes === undefined || bytes.length < IV_BYTES + TAG_BYTES) {
        throw new Error(`${owner}: the stored ${field} is not a value this tracker encrypted; delete the row.`);
      }
      const ring = await keys();
      // The key with the stored id first; the others too, in case two configured keys share an id (2^-32).
      const candidates = [...ring.filter((key) => key.id === id), ...ring.filter((key) => key.id !== id)];
      for (const key of candidates) {
        try {
          const plain = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: associatedData(field, requestId) },
            key.aes,
            bytes.subarray(IV_BYTES),
          );
          return decoder.decode(plain);
        } catch {
          // Wrong key, or the value was altered: try the next key.
        }
      }
      throw new Error(
        `${owner}: the stored ${field} does not decrypt with any \`encryptionKey\` (written under a key no longer ` +
          'listed, or altered, or moved from another row). Keep a retired key in the list until values written ' +
          'under it have expired.',
      );
    },
    async lockKeys(lockKey) {
      const data = encoder.encode(lockKey);
      return Promise.all(
        (await keys()).map(async ({ hmac }) => toHex(new Uint8Array(await crypto.subtle.sign('HMAC', hmac, data)))),
      );
    },
  };
}

function plainBox(owner: string): SecretBox {
  return {
    sealing: false,
    async seal(json) {
      return json;
    },
    async open(stored, field) {
      if (stored.startsWith(SEALED_PREFIX)) {
        throw new Error(
          `${owner}: the stored ${field} is encrypted, but this tracker has no \`encryptionKey\`. Give every ` +
            'instance that shares the store the same keys.',
        );
      }
      return stored;
    },
    async lockKeys(lockKey) {
      return [await sha256Hex(lockKey)];
    },
  };
}

interface DerivedKey {
  /** 8 hex characters, stored with each value; derived, so it tells nothing about the key. */
  id: string;
  aes: CryptoKey;
  hmac: CryptoKey;
}

function associatedData(field: StoredField, requestId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${field}\n${requestId}`);
}

async function deriveKey(secret: Uint8Array<ArrayBuffer>): Promise<DerivedKey> {
  const base = await crypto.subtle.importKey('raw', Uint8Array.from(secret), 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
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
}

/**
 * The raw bytes of every key in the option, in the order given, or `undefined` when the option is absent.
 * Same rules and messages as RedisTracker's `encryptionKey`.
 */
function parseEncryptionKeys(option: unknown, owner: string): Uint8Array<ArrayBuffer>[] | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'string') return [parseOne(option, '`encryptionKey`', owner)];
  if (!Array.isArray(option)) {
    throw new TypeError(
      `${owner}: \`encryptionKey\` must be a string (${HOW_TO_MAKE_ONE}) or an array of such strings, newest first.`,
    );
  }
  if (option.length === 0) {
    throw new TypeError(
      `${owner}: \`encryptionKey\` is an empty array. Pass at least one key, or leave the option out to store ` +
        'values unencrypted.',
    );
  }
  const keys = option.map((entry: unknown, index) => parseOne(entry, `\`encryptionKey[${index}]\``, owner));
  for (let i = 1; i < keys.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sameBytes(keys[i] as Uint8Array, keys[j] as Uint8Array)) {
        throw new TypeError(`${owner}: \`encryptionKey[${i}]\` is the same key as \`encryptionKey[${j}]\`.`);
      }
    }
  }
  return keys;
}

function parseOne(value: unknown, name: string, owner: string): Uint8Array<ArrayBuffer> {
  if (typeof value !== 'string') throw new TypeError(`${owner}: ${name} must be a string: ${HOW_TO_MAKE_ONE}.`);
  // Keys usually come from an environment variable or a file, often with a trailing newline.
  const text = value.trim();
  if (!BASE64_32_BYTES.test(text)) {
    // The length is the only thing said about the value: it helps spot a hex key or a truncated paste.
    throw new TypeError(
      `${owner}: ${name} must be ${HOW_TO_MAKE_ONE}; got a string of ${text.length} characters that is not that.`,
    );
  }
  const bytes = fromBase64(text.replace(/=$/, '').replaceAll('-', '+').replaceAll('_', '/'));
  if (bytes === undefined || bytes.length !== KEY_BYTES)
    throw new TypeError(`${owner}: ${name} must be ${HOW_TO_MAKE_ONE}.`);
  // A placeholder ("AAAA…", a repeated pattern) decodes fine but is no secret. 32 random bytes have about 30
  // distinct values; fewer than 16 happens by chance with probability about 3e-17.
  if (new Set(bytes).size < 16) {
    throw new TypeError(`${owner}: ${name} does not look random (too few distinct bytes). Use ${HOW_TO_MAKE_ONE}.`);
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
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
