import type { LuaScript } from './lua-script.js';

/**
 * Uses a pushed authorization request (RFC 9126): when the hash belongs to the client,
 * returns its fields and deletes it, in one step; otherwise returns nothing and changes
 * nothing (another client's call leaves it usable by its own client).
 *
 * KEYS: record. ARGV: client id.
 */
export const consumePushedRequestScript: LuaScript = {
  name: 'oauthkitConsumePushedRequest',
  keys: 1,
  lua: `
if redis.call('HGET', KEYS[1], 'client_id') ~= ARGV[1] then return false end
local fields = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return fields
`,
};
