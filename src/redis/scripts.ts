/**
 * The Lua scripts behind {@link RedisTracker}: every tracker operation is exactly one of them, sent as `EVALSHA`
 * (falling back to `EVAL` on `NOSCRIPT`), or as `EVAL` for the operations that must run (see `scriptRunner.ts`). Redis runs a script atomically, so each read-then-write below is one
 * operation no other client can interleave with.
 *
 * Keys. Every key a script names in KEYS is `<prefix><kind>:…`; a script that frees a lock builds the lock's
 * key from the request key it was given (`base` = KEYS[1] minus `req:<requestId>`), so a client-side key
 * prefix such as ioredis's `keyPrefix` is kept. That lock key is not declared in KEYS: Redis Cluster allows it
 * only in the same hash slot, which a hash tag in the tracker's prefix (the default `{truecaller}:`) gives.
 *
 * Request hash fields: `request` (the PendingRequest), `outcome` (the SignInOutcome, once settled), `claim` (the
 * current claimId), `lock` and `owner` (the digest of the request's lock key and its owner, for freeing it),
 * and, after `finish`, only `finished` (the claimId that finished it) until the original expiry.
 *
 * Replies are kept to strings, integers and flat arrays of strings: those look the same to every client in
 * RESP2 and RESP3. Lua booleans are avoided on purpose (RESP2 turns `false` into nil and `true` into 1, RESP3
 * sends real booleans), and so is `nil` inside an array (it ends the array). An absent field is sent as `''`,
 * which no stored value can be. Stored values are never decoded in Lua: `cjson` re-encodes numbers and escapes
 * differently, and encrypted values are opaque anyway, so what goes in comes out byte for byte.
 *
 * Each script's SHA-1 is written next to it (the `EVALSHA` argument); `tests/redis/scripts.test.ts` checks
 * them, and prints the right one when a script changes.
 *
 * @internal
 */

/** A script and the SHA-1 Redis knows it by. @internal */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

function script(name: string, sha1: string, source: string): LuaScript {
  return { name, sha1, source };
}

/** Frees the lock recorded in a request hash, if its owner still holds it. Prepended to scripts that need it. */
const FREE_LOCK = `
local function free_lock(request_key, request_id, digest, owner)
  if not digest or not owner then
    return
  end
  local base = string.sub(request_key, 1, #request_key - #('req:' .. request_id))
  local name = base .. 'lock:' .. digest
  if redis.call('GET', name) == owner then
    redis.call('DEL', name)
  end
end
`;

/**
 * KEYS[1] the lock under the current key; KEYS[2..n] the same lock under older keys (key rotation).
 * ARGV[1] owner; ARGV[2] ttl in ms.
 * Replies `{'acquired'}`, or `{'held', pttl}` where pttl is -1 when the holder's key has no expiry.
 */
export const ACQUIRE_LOCK = script(
  'acquireLock',
  '1d500b768a67822b20bef25a577e224fc07667fd',
  `
for i = 2, #KEYS do
  local pttl = redis.call('PTTL', KEYS[i])
  if pttl ~= -2 then
    return {'held', pttl}
  end
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'acquired'}
end
return {'held', redis.call('PTTL', KEYS[1])}
`,
);

/** KEYS[1..n] the lock under every configured key; ARGV[1] owner. Replies 1 when it freed one, else 0. */
export const RELEASE_LOCK = script(
  'releaseLock',
  'e0edbc4437d8268d416d26e8d9bcc3a2001de6a5',
  `
local freed = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    freed = 1
  end
end
return freed
`,
);

/**
 * KEYS[1] request key; ARGV[1] request value; ARGV[2] ttl in ms; ARGV[3] lock digest or ''; ARGV[4] lock owner
 * or ''. Replies 1 when recorded, 0 when the key exists (a request, or the marker of a finished one).
 * HSET and PEXPIRE in one script, so no reader ever sees the request without its expiry.
 */
export const REGISTER = script(
  'register',
  'e9d98feeb4c88b9d6430e1e0411ec963c766d323',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if ARGV[3] == '' then
  redis.call('HSET', KEYS[1], 'request', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'request', ARGV[1], 'lock', ARGV[3], 'owner', ARGV[4])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
);

/**
 * KEYS[1] request key. Replies `{'missing'}`, `{'found', request, outcome or ''}`, or `{'corrupt'}` for a hash
 * with an outcome but no request (written by something else).
 */
export const GET = script(
  'get',
  '65797b43be6661459c93a6b2fde1d6ade7d67a47',
  `
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome')
if not stored[1] then
  if stored[2] then
    return {'corrupt'}
  end
  return {'missing'}
end
return {'found', stored[1], stored[2] or ''}
`,
);

/**
 * KEYS[1] request key; ARGV[1] outcome value; ARGV[2] '1' to free the lock when it settles (a rejection), else
 * '0'; ARGV[3] requestId.
 * Replies `{'missing'}`, `{'already-settled', request, outcome}`, `{'settled', request}`, or `{'corrupt'}`.
 * HSET on an existing hash leaves the key's TTL alone, which is what keeps the original expiry.
 */
export const SETTLE = script(
  'settle',
  'eeb57bd0175a1d774a30fb1a6dbf6822f170d006',
  `${FREE_LOCK}
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome', 'lock', 'owner')
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
if ARGV[2] == '1' then
  free_lock(KEYS[1], ARGV[3], stored[3], stored[4])
end
return {'settled', stored[1]}
`,
);

/**
 * KEYS[1] request key; ARGV[1] claimId.
 * Replies `{'missing'}`, `{'pending', request}`, `{'claimed', request, outcome}` after recording the claim (over
 * any earlier one), or `{'corrupt'}`. The TTL is untouched.
 */
export const CLAIM = script(
  'claim',
  'cf423ce11bd1e997d96bf668cc27b5c998b300c4',
  `
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome')
if not stored[1] then
  if stored[2] then
    return {'corrupt'}
  end
  return {'missing'}
end
if not stored[2] then
  return {'pending', stored[1]}
end
redis.call('HSET', KEYS[1], 'claim', ARGV[1])
return {'claimed', stored[1], stored[2]}
`,
);

/**
 * KEYS[1] request key; ARGV[1] claimId; ARGV[2] requestId.
 * When ARGV[1] is the current claim: replaces the hash by the marker `finished = claimId` (same key, same TTL),
 * frees the lock, replies 1. Replies 1 again for a marker with the same claimId (a retried finish), else 0.
 * The marker is written before the other fields go, because Redis deletes a hash once it is empty.
 */
export const FINISH = script(
  'finish',
  '883551313605969a76ad6fd964968ebc6fbadae3',
  `${FREE_LOCK}
local stored = redis.call('HMGET', KEYS[1], 'claim', 'finished', 'lock', 'owner')
if stored[2] then
  if stored[2] == ARGV[1] then
    return 1
  end
  return 0
end
if stored[1] ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'finished', ARGV[1])
redis.call('HDEL', KEYS[1], 'request', 'outcome', 'claim', 'lock', 'owner')
free_lock(KEYS[1], ARGV[2], stored[3], stored[4])
return 1
`,
);

/**
 * KEYS[1] request key; ARGV[1] requestId.
 * Replies `{'missing'}` (also for a finished request, whose marker stays), `{'corrupt'}`, or
 * `{'found', request, outcome or ''}` after deleting the key and freeing the lock.
 */
export const REMOVE = script(
  'remove',
  '99cdd1d04a5aea1f5aba2f6e3faf90aaaa7d1ef6',
  `${FREE_LOCK}
local stored = redis.call('HMGET', KEYS[1], 'request', 'outcome', 'lock', 'owner')
if not stored[1] then
  if stored[2] then
    return {'corrupt'}
  end
  return {'missing'}
end
redis.call('DEL', KEYS[1])
free_lock(KEYS[1], ARGV[1], stored[3], stored[4])
return {'found', stored[1], stored[2] or ''}
`,
);

/**
 * KEYS[1] parked-callback key; KEYS[2] the index of parked callbacks (a sorted set: requestId scored by its
 * expiry, Redis time in ms). ARGV[1] callback value; ARGV[2] ttl in ms; ARGV[3] maxParked; ARGV[4] requestId.
 * Replies `'parked'` (also when one is already parked under this id, which stays), or `'full'` when, after
 * dropping expired entries from the index, `maxParked` are parked. The index expires with its newest entry.
 */
export const PARK = script(
  'park',
  '0f721b79e852ea3b1501c2d0effce342ad56ea2c',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'parked'
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return 'full'
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], string.format('%d', now + ttl), ARGV[4])
if redis.call('PTTL', KEYS[2]) < ttl then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 'parked'
`,
);

/**
 * KEYS[1] parked-callback key; KEYS[2] the index; ARGV[1] requestId.
 * Replies `{'missing'}`, or `{'found', callback}` after deleting it.
 */
export const UNPARK = script(
  'unpark',
  '8651453bc23e67568cbd5c315e226cdf06623dc4',
  `
local parked = redis.call('GET', KEYS[1])
if not parked then
  return {'missing'}
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return {'found', parked}
`,
);

/** Every script, for the test that checks their SHA-1s. @internal */
export const ALL_SCRIPTS: readonly LuaScript[] = [
  ACQUIRE_LOCK,
  RELEASE_LOCK,
  REGISTER,
  GET,
  SETTLE,
  CLAIM,
  FINISH,
  REMOVE,
  PARK,
  UNPARK,
];
