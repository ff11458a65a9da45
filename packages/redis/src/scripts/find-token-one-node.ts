import type { LuaScript } from './lua-script.js';

/**
 * A lookup by access digest on one node: reads the pointer and the record it names in one
 * script. The record key is built here from the token key prefix (passed as a key, so an
 * ioredis `keyPrefix` applies to it too). Returns `false` when there is no pointer, else
 * `{family id, record fields}`; the caller re-validates the record as after two commands.
 *
 * KEYS: access pointer, token key prefix (`<prefix>token:`). ARGV: access digest.
 */
export const findByAccessPointerScript: LuaScript = {
  name: 'oauthkitFindByAccessPointer',
  keys: 2,
  lua: `
local familyId = redis.call('GET', KEYS[1])
if not familyId then return false end
return {familyId, redis.call('HGETALL', KEYS[2] .. '{' .. familyId .. '}:' .. ARGV[1])}
`,
};

/**
 * A lookup by refresh digest on one node: reads the pointer (`[familyId, accessDigest]` as
 * JSON) and the record it names. Returns `false` when there is no pointer (or it is not such
 * a pair), else `{pointer, record fields}`.
 *
 * KEYS: refresh pointer, token key prefix (`<prefix>token:`).
 */
export const findByRefreshPointerScript: LuaScript = {
  name: 'oauthkitFindByRefreshPointer',
  keys: 2,
  lua: `
local pointer = redis.call('GET', KEYS[1])
if not pointer then return false end
local ok, parsed = pcall(cjson.decode, pointer)
if not ok or type(parsed) ~= 'table' or type(parsed[1]) ~= 'string'
  or type(parsed[2]) ~= 'string' or parsed[1] == '' then
  return false
end
return {pointer, redis.call('HGETALL', KEYS[2] .. '{' .. parsed[1] .. '}:' .. parsed[2])}
`,
};
