import type { LuaScript } from './lua-script.js';

/**
 * A hash read as `HGETALL` reads it, one command too, but answered as one JSON string (the
 * flat `field, value, ...` list; see `hashFromJson`), or `nil` when the key does not exist:
 * the client then parses one string instead of decoding a field and a value per field.
 *
 * KEYS: the hash. ARGV: none.
 */
export const readHashScript: LuaScript = {
  name: 'oauthkitReadHash',
  keys: 1,
  lua: `
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return false end
return cjson.encode(fields)
`,
};
