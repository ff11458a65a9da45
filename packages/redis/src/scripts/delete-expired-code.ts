import type { LuaScript } from './lua-script.js';

/**
 * Deletes one code if its `expires_at` is at or before `now`, consumed or not, checking and
 * deleting in one step. Returns 1 when it deleted the code, 0 otherwise.
 *
 * KEYS: code. ARGV: code digest, now ms.
 */
export const deleteExpiredCodeScript: LuaScript = {
  name: 'oauthkitDeleteExpiredCode',
  keys: 1,
  lua: `
local c = redis.call('HMGET', KEYS[1], 'code_digest', 'expires_at')
local expiresAt = tonumber(c[2])
if c[1] ~= ARGV[1] or not expiresAt or expiresAt > tonumber(ARGV[2]) then return 0 end
return redis.call('DEL', KEYS[1])
`,
};
