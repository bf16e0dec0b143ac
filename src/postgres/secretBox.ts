import { sha256Hex } from '../internal/digest.js';

/**
 * Secrets at rest for {@link PostgresTracker}: stored values sealed with AES-256-GCM and lock keys derived with
 * HMAC-SHA-256, both through Web Crypto, under the `encryptionKey` option (one key or a list, newest first: the
 * first seals and derives new lock keys, all of them open and find old ones). Without a key, values are stored as
 * the JSON written and lock keys are the SHA-256 of the lifecycle's key.
 *
 * Key format and validation are RedisTracker's (`src/redis/encryptionKey.ts`): the base64 of 32 random bytes.
 * From each key, HKDF-SHA-256 derives an AES-256-GCM key, an HMAC-SHA-256 key and a 4-byte key id, so the raw
 * key is never used for two purposes. A sealed value is `tc1.<key id hex>.<base64url(iv ‖ ciphertext ‖ tag)>`,
 * with a random 96-bit IV and, as additional authenticated data, where the value lives (`request:<requestId>`),
 * so a sealed value copied to another row or column does not open.
 *
 * Nothing here puts a key, a plaintext or any part of either into a message.
 *
 * @internal
 */
export interface SecretBox {
  /** Whether values are sealed (an `encryptionKey` was given). */
  readonly sealing: boolean;
  /** Seals `plaintext` for the place named by `context`; the identity without a key. */
  seal(plaintext: string, context: string): Promise<string>;
  /**
   * Opens a value written by {@link seal} for the same `context`.
   *
   * @throws {Error} for a value sealed under none of the keys, altered, moved from another context, stored in
   *   plain text while a key is set, or sealed while no key is set.
   */
  open(stored: string, context: string): Promise<string>;
  /** The storage keys of lock `key`: the first is the one to write, the others (older keys) are checked too. */
  lockKeys(key: string): Promise<string[]>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const BASE64_32_BYTES = /^[A-Za-z0-9+/_-]{43}=?$/;
const SEALED = /^tc1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const HOW_TO_MAKE_ONE =
  'the base64 of 32 random bytes (44 characters, e.g. from `openssl rand -base64 32` or ' +
  "`node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`)";

/**
 * Builds the box for an `encryptionKey` option. Validation is synchronous (a bad key is a TypeError at
 * construction); the Web Crypto keys are derived on first use.
 *
 * @param owner - The class named in messages, e.g. `'PostgresTracker'`.
 * @throws {TypeError} naming `encryptionKey` (and the position in a list) for anything but base64 strings of 32
 *   random-looking bytes, an empty list, or the same key twice.
 */
export function createSecretBox(option: unknown, owner: string): SecretBox {
  const raw = parseEncryptionKeys(option, owner);
  if (raw === undefined) return plainBox(owner);
  let derived: Promise<DerivedKey[]> | undefined;
  const keys = () => {
    derived ??= Promise.all(raw.map(deriveKey));
    // A failed derivation (no Web Crypto) must not stick: the next call tries again.
    derived.catch(() => {
      derived = undefined;
    });
    return derived;
  };

  return {
    sealing: true,
    async seal(plaintext, context) {
      const [key] = await keys();
      if (key === undefined) throw new Error(`${owner}: no encryption key`);
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        key.aes,
        encoder.encode(plaintext),
      );
      const body = new Uint8Array(IV_BYTES + sealed.byteLength);
      body.set(iv);
      body.set(new Uint8Array(sealed), IV_BYTES);
      return `tc1.${key.id}.${toBase64Url(body)}`;
    },
    async open(stored, context) {
      const match = SEALED.exec(stored);
      if (match === null) {
        throw new Error(
          `${owner}: a stored value is not encrypted although \`encryptionKey\` is set (written before the key was ` +
            'configured, or by something else). It is refused; it expires by itself.',
        );
      }
      const [, id, body = ''] = match;
      const key = (await keys()).find((candidate) => candidate.id === id);
      if (key === undefined) {
        throw new Error(
          `${owner}: a stored value was encrypted with a key that is not in \`encryptionKey\`. Keep retired keys ` +
            'in the list (after the new one) until everything written with them has expired.',
        );
      }
      try {
        const bytes = fromBase64Url(body);
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(context) },
          key.aes,
          bytes.subarray(IV_BYTES),
        );
        return decoder.decode(plain);
      } catch {
        throw new Error(`${owner}: a stored value failed authentication (altered, or moved from another entry).`);
      }
    },
    async lockKeys(lockKey) {
      const data = encoder.encode(lockKey);
      return Promise.all(
        (await keys()).map(async (key) => toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key.hmac, data)))),
      );
    },
  };
}

function plainBox(owner: string): SecretBox {
  return {
    sealing: false,
    async seal(plaintext) {
      return plaintext;
    },
    async open(stored) {
      if (SEALED.test(stored)) {
        throw new Error(
          `${owner}: a stored value is encrypted, but no \`encryptionKey\` is set. Configure the same key as the ` +
            'instances that wrote it.',
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
  /** 8 hex digits naming the key in sealed values; derived, so it tells nothing about the key. */
  id: string;
  aes: CryptoKey;
  hmac: CryptoKey;
}

async function deriveKey(raw: Uint8Array<ArrayBuffer>): Promise<DerivedKey> {
  const master = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: encoder.encode(`truecaller-web-login ${info}`),
  });
  const [aes, hmac, id] = await Promise.all([
    crypto.subtle.deriveKey(hkdf('aes-256-gcm'), master, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]),
    crypto.subtle.deriveKey(
      hkdf('hmac-sha-256 lock key'),
      master,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    ),
    crypto.subtle.deriveBits(hkdf('key id'), master, 32),
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
  const bytes = fromBase64Url(text.replace(/=$/, ''));
  if (bytes.length !== KEY_BYTES) throw new TypeError(`${owner}: ${name} must be ${HOW_TO_MAKE_ONE}.`);
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

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes standard or URL-safe base64, with or without padding. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
