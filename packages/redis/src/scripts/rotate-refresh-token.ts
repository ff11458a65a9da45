import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';

/**
 * The refresh-token exchange, on the family slot: re-checks that the old record still holds
 * this refresh digest and is neither revoked nor rotated, refuses a revoked family, then
 * marks the old record and inserts the new one and, when given, the access-only record of a
 * narrowed request: all in one script, so nothing is ever half-written. Returns 1 when it
 * rotated, 0 otherwise.
 *
 * KEYS: old token, new token, family, family-revoked, access-only token (the new token's key
 * again when there is none).
 * ARGV: old refresh digest, now ms, new access digest, new TTL ms ('' = none), number of new
 * fields, new fields..., access-only digest ('' = none), access-only TTL ms, its fields...
 */
export const rotateRefreshTokenScript: LuaScript = {
  name: 'oauthkitRotateRefreshToken2',
  keys: 5,
  lua: `${EXTEND_TTL_LUA}
local old = redis.call('HMGET', KEYS[1], 'refresh_token_digest', 'revoked_at', 'rotated_at')
if old[1] ~= ARGV[1] or old[2] or old[3] then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local last = 5 + tonumber(ARGV[5])
local extra = ARGV[last + 1]
if redis.call('EXISTS', KEYS[2]) == 1 or (extra ~= '' and redis.call('EXISTS', KEYS[5]) == 1) then
  return redis.error_reply('ERR oauthkit: duplicate access token digest')
end
redis.call('HSET', KEYS[1], 'revoked_at', ARGV[2], 'rotated_at', ARGV[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 6, last))
local ttl = tonumber(ARGV[4])
if ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
local fresh = redis.call('EXISTS', KEYS[3]) == 0
redis.call('SADD', KEYS[3], ARGV[3])
extendTtl(KEYS[3], ttl, fresh)
if extra ~= '' then
  redis.call('HSET', KEYS[5], unpack(ARGV, last + 3))
  local extraTtl = tonumber(ARGV[last + 2])
  if extraTtl then redis.call('PEXPIRE', KEYS[5], extraTtl) end
  redis.call('SADD', KEYS[3], extra)
  extendTtl(KEYS[3], extraTtl, false)
end
return 1
`,
};
