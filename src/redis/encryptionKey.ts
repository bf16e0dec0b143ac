/**
 * Reading the `encryptionKey` option of {@link RedisTracker}: one key or a list (newest first), each the
 * base64 of 32 random bytes. Validation is synchronous, so a bad key is a TypeError at construction; nothing
 * here ever puts a key, or any part of one, into a message.
 *
 * @internal
 */

/** Bytes in one key: AES-256 and HMAC-SHA-256 both want 256 bits. */
export const KEY_BYTES = 32;

const BASE64_32_BYTES = /^[A-Za-z0-9+/_-]{43}=?$/;

const HOW_TO_MAKE_ONE =
  'the base64 of 32 random bytes (44 characters, e.g. from `openssl rand -base64 32` or ' +
  "`node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`)";

/**
 * The raw bytes of every key in the option, in the order given (the first encrypts, all decrypt), or
 * `undefined` when the option is absent.
 *
 * @throws {TypeError} naming `encryptionKey` (and the position in a list) for anything but base64 strings of 32
 *   random-looking bytes, an empty list, or the same key twice.
 */
export function parseEncryptionKeys(option: unknown): Uint8Array[] | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'string') return [parseOne(option, '`encryptionKey`')];
  if (!Array.isArray(option)) {
    throw new TypeError(
      `RedisTracker: \`encryptionKey\` must be a string (${HOW_TO_MAKE_ONE}) or an array of such strings, newest first.`,
    );
  }
  if (option.length === 0) {
    throw new TypeError(
      'RedisTracker: `encryptionKey` is an empty array. Pass at least one key, or leave the option out to store ' +
        'values unencrypted.',
    );
  }
  const keys = option.map((entry: unknown, index) => parseOne(entry, `\`encryptionKey[${index}]\``));
  for (let i = 1; i < keys.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sameBytes(keys[i] as Uint8Array, keys[j] as Uint8Array)) {
        throw new TypeError(`RedisTracker: \`encryptionKey[${i}]\` is the same key as \`encryptionKey[${j}]\`.`);
      }
    }
  }
  return keys;
}

function parseOne(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') throw new TypeError(`RedisTracker: ${name} must be a string: ${HOW_TO_MAKE_ONE}.`);
  // Keys usually come from an environment variable or a file, often with a trailing newline.
  const text = value.trim();
  if (!BASE64_32_BYTES.test(text)) {
    // The length is the only thing said about the value: it helps spot a hex key or a truncated paste.
    throw new TypeError(
      `RedisTracker: ${name} must be ${HOW_TO_MAKE_ONE}; got a string of ${text.length} characters that is not that.`,
    );
  }
  const binary = atob(text.replace(/=$/, '').replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // A placeholder ("AAAA…", a repeated pattern) decodes fine but is no secret. 32 random bytes have about 30
  // distinct values; fewer than 16 happens by chance with probability about 3e-17.
  if (new Set(bytes).size < 16) {
    throw new TypeError(`RedisTracker: ${name} does not look random (too few distinct bytes). Use ${HOW_TO_MAKE_ONE}.`);
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
