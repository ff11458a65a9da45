import type { LuaScript } from './lua-script.js';

/**
 * Creates a hash that must not exist yet, with its TTL, in one step (a duplicate digest is
 * a caller bug, never an overwrite).
 *
 * KEYS: record. ARGV: TTL ms ('' = none), fields...
 */
export const insertHashScript: LuaScript = {
  name: 'oauthkitInsertHash',
  keys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('ERR oauthkit: duplicate key ' .. KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
local ttl = tonumber(ARGV[1])
if ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`,
};
