import type { LuaScript } from './lua-script.js';

/**
 * Single use of an authorization code: the first call sets `consumed_at` and returns the
 * record as it was; every later one sets `replayed_at` once and returns the record.
 * Returns `{0}` (unknown), `{1, fields}` (consumed) or `{2, fields}` (replayed), the fields
 * as one JSON string (see `hashFromJson`).
 *
 * KEYS: code. ARGV: now ms.
 */
export const consumeCodeScript: LuaScript = {
  name: 'oauthkitConsumeCode',
  keys: 1,
  lua: `
local before = redis.call('HGETALL', KEYS[1])
if #before == 0 then return {0} end
if redis.call('HSETNX', KEYS[1], 'consumed_at', ARGV[1]) == 1 then
  return {1, cjson.encode(before)}
end
redis.call('HSETNX', KEYS[1], 'replayed_at', ARGV[1])
return {2, cjson.encode(redis.call('HGETALL', KEYS[1]))}
`,
};
