import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';
import { TOKEN_INSERT_LUA } from './token-insert-lua.js';

/**
 * A code exchange in one step, on one node: consumes the code exactly as `consumeCodeScript`
 * does and, only when this call consumed it, inserts the token with its pointers. A token
 * that cannot be saved (a digest already stored) is refused before anything is written, so
 * the code stays unconsumed. Returns `{0}` (unknown), `{1, fields before}` (consumed, token
 * saved) or `{2, fields}` (replayed, nothing saved), the fields as one JSON string (see
 * `hashFromJson`).
 *
 * KEYS: code, then the token's (`TOKEN_INSERT_LUA`, from 2). ARGV: now ms, then the token's
 * (from 2).
 */
export const redeemCodeScript: LuaScript = {
  name: 'oauthkitRedeemCode',
  keys: 6,
  lua: `${EXTEND_TTL_LUA}${TOKEN_INSERT_LUA}
local before = redis.call('HGETALL', KEYS[1])
if #before == 0 then return {0} end
for i = 1, #before, 2 do
  if before[i] == 'consumed_at' then
    redis.call('HSETNX', KEYS[1], 'replayed_at', ARGV[1])
    return {2, cjson.encode(redis.call('HGETALL', KEYS[1]))}
  end
end
if tokenTaken(2, 2) then
  return redis.error_reply('ERR oauthkit: duplicate token digest')
end
redis.call('HSET', KEYS[1], 'consumed_at', ARGV[1])
writeToken(2, 2)
return {1, cjson.encode(before)}
`,
};
