/**
 * The insert of one token record together with its digest pointers, as Lua functions for the
 * scripts that run on one node (a standalone or Sentinel Redis, where a script may touch keys
 * of any slot): the pointers are checked and written in the same script as the record, so
 * nothing is claimed ahead and nothing has to be released. Needs `EXTEND_TTL_LUA` before it.
 *
 * The token's keys start at `KEYS[k]`: token, family, family-revoked, access pointer, refresh
 * pointer (the access pointer again when there is no refresh token). Its arguments start at
 * `ARGV[a]`: access digest, TTL ms ('' = none), access pointer value (the family id), refresh
 * pointer value ('' = no refresh token), the record's fields as one JSON array (`field, value,
 * ...`; one argument rather than two per field, each of which the client would encode and
 * the server parse on its own).
 *
 * `tokenTaken(k, a)` is true when the record or a pointer already exists (a duplicate digest:
 * nothing may be written). `writeToken(k, a)` writes everything and returns 1, or 0
 * when the family was already revoked (the record is then stored revoked, as `saveToken`
 * does).
 */
export const TOKEN_INSERT_LUA = `
local function tokenTaken(k, a)
  if ARGV[a + 3] == '' then return redis.call('EXISTS', KEYS[k], KEYS[k + 3]) > 0 end
  return redis.call('EXISTS', KEYS[k], KEYS[k + 3], KEYS[k + 4]) > 0
end
local function setPointer(key, value, ttl)
  if ttl then redis.call('SET', key, value, 'PX', ttl) else redis.call('SET', key, value) end
end
local function writeToken(k, a)
  -- The TTL goes to Redis as the argument it came as (a Lua number would be formatted again
  -- for every command); the number is for the comparisons.
  local ttl = tonumber(ARGV[a + 1])
  local ttlText = ttl and ARGV[a + 1]
  setPointer(KEYS[k + 3], ARGV[a + 2], ttlText)
  if ARGV[a + 3] ~= '' then setPointer(KEYS[k + 4], ARGV[a + 3], ttlText) end
  redis.call('HSET', KEYS[k], unpack(cjson.decode(ARGV[a + 4])))
  if ttl then redis.call('PEXPIRE', KEYS[k], ttlText) end
  -- The family's TTL before the join (-2: no family yet, so the SADD creates it) tells
  -- what extendTtl would have read after it, in one call instead of EXISTS + PTTL.
  local familyTtl = redis.call('PTTL', KEYS[k + 1])
  redis.call('SADD', KEYS[k + 1], ARGV[a])
  if not ttl then
    if familyTtl >= 0 then redis.call('PERSIST', KEYS[k + 1]) end
  elseif familyTtl == -2 or (familyTtl >= 0 and familyTtl < ttl) then
    redis.call('PEXPIRE', KEYS[k + 1], ttlText)
  end
  local revokedAt = redis.call('GET', KEYS[k + 2])
  if revokedAt then
    redis.call('HSETNX', KEYS[k], 'revoked_at', revokedAt)
    extendTtl(KEYS[k + 2], ttl, false)
    return 0
  end
  return 1
end
`;
