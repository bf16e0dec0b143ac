/**
 * The Lua scripts behind {@link RedisTracker}. Redis runs a script atomically, so each read-then-write below is
 * one operation that no other client can interleave with, on one node or on a cluster (every script touches
 * exactly one key).
 *
 * Replies are kept to strings, integers and flat arrays of strings: those look the same to every client in
 * RESP2 and RESP3. Lua booleans are avoided on purpose (RESP2 turns `false` into nil and `true` into 1, RESP3
 * sends real booleans), and so is `nil` inside an array (it ends the array). An absent field is sent as `''`,
 * which no `JSON.stringify` output can be. Stored values are never decoded in Lua: `cjson` re-encodes numbers
 * and escapes differently, so JSON goes in and comes out byte for byte as TypeScript wrote it.
 *
 * @internal
 */

/**
 * KEYS[1] lock key; ARGV[1] owner; ARGV[2] ttl in ms.
 * Replies `{'acquired'}`, or `{'held', pttl}` where pttl is -1 when the holder's key has no expiry.
 */
export const ACQUIRE_LOCK = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'acquired'}
end
return {'held', redis.call('PTTL', KEYS[1])}
`;

/** KEYS[1] lock key; ARGV[1] owner. Replies 1 when it deleted the owner's lock, else 0. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * KEYS[1] request key; ARGV[1] request JSON; ARGV[2] ttl in ms. Replies 1 when recorded, 0 when the key exists.
 * HSET and PEXPIRE in one script, so no reader ever sees the request without its expiry.
 */
export const REGISTER = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'request', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * KEYS[1] request key; ARGV[1] outcome JSON.
 * Replies `{'missing'}`, `{'already-settled', request, outcome}`, `{'settled', request}`, or `{'corrupt'}` for
 * a hash with an outcome but no request.
 * HSET on an existing hash leaves the key's TTL alone, which is what keeps the original expiry.
 */
export const SETTLE = `
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome')
if not stored[1] then
  if stored[2] then
    return {'corrupt'}
  end
  return {'missing'}
end
if stored[2] then
  return {'already-settled', stored[1], stored[2]}
end
redis.call('HSET', KEYS[1], 'outcome', ARGV[1])
return {'settled', stored[1]}
`;

/**
 * KEYS[1] request key. Replies `{'missing'}`, or `{'found', request, outcome or ''}` after deleting the key.
 * A hash with an outcome but no request (written by something else) is left in place and reported `{'corrupt'}`.
 */
export const TAKE = `
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome')
if not stored[1] then
  if stored[2] then
    return {'corrupt'}
  end
  return {'missing'}
end
redis.call('DEL', KEYS[1])
return {'found', stored[1], stored[2] or ''}
`;
