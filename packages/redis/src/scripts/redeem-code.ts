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
 * With ARGV 7 `'1'` (the caller read the code unconsumed with `findCode` and kept it, see
 * `FoundCodes`), a code with its `code_digest` is not read whole unless it was consumed
 * already, and a consuming call returns `{1}` alone: the fields before it are those the
 * caller read.
 *
 * KEYS: code, then the token's (`TOKEN_INSERT_LUA`, from 2). ARGV: now ms, then the token's
 * (from 2), then `'1'` or `''`.
 */
export const redeemCodeScript: LuaScript = {
  name: 'oauthkitRedeemCode',
  keys: 6,
  lua: `${EXTEND_TTL_LUA}${TOKEN_INSERT_LUA}
local function replayed()
  redis.call('HSETNX', KEYS[1], 'replayed_at', ARGV[1])
  return {2, cjson.encode(redis.call('HGETALL', KEYS[1]))}
end
local lean = false
if ARGV[7] == '1' then
  local marks = redis.call('HMGET', KEYS[1], 'code_digest', 'consumed_at')
  if marks[1] then
    if marks[2] then return replayed() end
    lean = true
  end
end
local before
if not lean then
  before = redis.call('HGETALL', KEYS[1])
  if #before == 0 then return {0} end
  for i = 1, #before, 2 do
    if before[i] == 'consumed_at' then return replayed() end
  end
end
if tokenTaken(2, 2) then
  return redis.error_reply('ERR oauthkit: duplicate token digest')
end
redis.call('HSET', KEYS[1], 'consumed_at', ARGV[1])
writeToken(2, 2)
if before then return {1, cjson.encode(before)} end
return {1}
`,
};
