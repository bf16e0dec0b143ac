import { sha256Hex } from '../internal/digest.js';
import { misconfigured } from './replies.js';

/**
 * How {@link RedisTracker} turns what it stores into Redis values and lock names, and back: in the clear
 * ({@link plainCodec}) or under `encryptionKey` (`createKeyRing`). The Lua scripts never look inside a value, so
 * they work the same either way.
 *
 * @internal
 */
export interface ValueCodec {
  /**
   * The value to store for `json`, the JSON of one `field` of request `requestId`. Encryption binds the value to
   * both, so a value copied to another field or request does not decrypt.
   */
  seal(json: string, field: StoredField, requestId: string): Promise<string>;
  /**
   * The JSON a stored value holds.
   *
   * @throws {Error} naming `operation` when the value is not what this codec writes (encrypted when it expects
   *   plain text, or the other way round, or not decryptable with any key); the message quotes nothing stored.
   */
  open(stored: string, field: StoredField, requestId: string, operation: string): Promise<string>;
  /**
   * The digests a lock key is stored under: the first is where {@link RedisTracker.acquireLock} takes it; the
   * others (one per older `encryptionKey`) are where an instance still on an older key may have taken it.
   */
  lockDigests(key: string): Promise<string[]>;
}

/** Which stored value: a pending request, its outcome, or a parked callback. @internal */
export type StoredField = 'request' | 'outcome' | 'parked';

/** Encrypted values start with this; plain ones are JSON objects and start with `{`. @internal */
export const SEALED_PREFIX = 'tcenc1.';

/**
 * Values as the JSON `JSON.stringify` wrote, byte for byte; lock names as the SHA-256 hex of the lock key.
 *
 * @internal
 */
export const plainCodec: ValueCodec = {
  seal: async (json) => json,
  async open(stored, field, _requestId, operation) {
    if (stored.startsWith(SEALED_PREFIX)) {
      throw misconfigured(
        operation,
        `the stored ${field} is encrypted, but this RedisTracker has no \`encryptionKey\`. Give every instance ` +
          'that shares this Redis and prefix the same keys.',
      );
    }
    return stored;
  },
  lockDigests: async (key) => [await sha256Hex(key)],
};
