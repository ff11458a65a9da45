import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';

/**
 * Inserts a token record on its family slot and adds it to the family. A record joining a
 * family that was already revoked is stored revoked: `revokeFamily` promises that no record
 * of the family is active afterwards, even one whose insert was racing it.
 *
 * KEYS: token, family, family-revoked. ARGV: access digest, TTL ms ('' = none), fields...
 */
export const saveTokenScript: LuaScript = {
  name: 'oauthkitSaveToken',
  keys: 3,
  lua: `${EXTEND_TTL_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('ERR oauthkit: duplicate access token digest')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
local ttl = tonumber(ARGV[2])
if ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
local fresh = redis.call('EXISTS', KEYS[2]) == 0
redis.call('SADD', KEYS[2], ARGV[1])
extendTtl(KEYS[2], ttl, fresh)
local revokedAt = redis.call('GET', KEYS[3])
if revokedAt then
  redis.call('HSETNX', KEYS[1], 'revoked_at', revokedAt)
  extendTtl(KEYS[3], ttl, false)
  return 0
end
return 1
`,
};
