import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';

/**
 * The refresh-token exchange, on the family slot: re-checks that the old record still holds
 * this refresh digest and is neither revoked nor rotated, refuses a revoked family, then
 * marks the old record and inserts the new one. Returns 1 when it rotated, 0 otherwise.
 *
 * KEYS: old token, new token, family, family-revoked.
 * ARGV: old refresh digest, now ms, new access digest, new TTL ms ('' = none), fields...
 */
export const rotateRefreshTokenScript: LuaScript = {
  name: 'oauthkitRotateRefreshToken',
  keys: 4,
  lua: `${EXTEND_TTL_LUA}
local old = redis.call('HMGET', KEYS[1], 'refresh_token_digest', 'revoked_at', 'rotated_at')
if old[1] ~= ARGV[1] or old[2] or old[3] then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR oauthkit: duplicate access token digest')
end
redis.call('HSET', KEYS[1], 'revoked_at', ARGV[2], 'rotated_at', ARGV[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 5))
local ttl = tonumber(ARGV[4])
if ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
local fresh = redis.call('EXISTS', KEYS[3]) == 0
redis.call('SADD', KEYS[3], ARGV[3])
extendTtl(KEYS[3], ttl, fresh)
return 1
`,
};
