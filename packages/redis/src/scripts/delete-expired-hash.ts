import type { LuaScript } from './lua-script.js';

/**
 * A script that deletes one record hash if its `expires_at` is at or before `now` (whatever
 * else it holds), checking and deleting in one step, and only while its `digestField` still
 * names the digest the caller found it under. Returns 1 when it deleted the record, 0
 * otherwise.
 *
 * KEYS: record. ARGV: digest, now ms.
 */
export function deleteExpiredHashScript(name: string, digestField: string): LuaScript {
  return {
    name,
    keys: 1,
    lua: `
local c = redis.call('HMGET', KEYS[1], '${digestField}', 'expires_at')
local expiresAt = tonumber(c[2])
if c[1] ~= ARGV[1] or not expiresAt or expiresAt > tonumber(ARGV[2]) then return 0 end
return redis.call('DEL', KEYS[1])
`,
  };
}
