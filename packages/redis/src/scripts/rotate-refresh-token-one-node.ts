import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';
import { TOKEN_INSERT_LUA } from './token-insert-lua.js';

/**
 * `rotateRefreshToken` on one node, in one script: follows the old refresh pointer to the
 * old record, re-checks it (same refresh digest, neither revoked nor rotated), refuses a
 * revoked family, refuses duplicates of the new digests, then marks the old record rotated
 * and revoked and inserts the new record (and the access-only record of a narrowed refresh,
 * when given) with their pointers. Returns 1 when it rotated, 0 when it did not, -1 when the
 * new record's family is not the old one's (nothing written).
 *
 * KEYS: old refresh pointer, token key prefix (`<prefix>token:`), the new token's keys
 * (`TOKEN_INSERT_LUA`, from 3), the access-only token's (from 8; the new token's again when
 * there is none).
 * ARGV: old refresh digest, now ms, family id, '1' when there is an access-only token else
 * '', number of the new token's arguments, the new token's arguments (from 6), the
 * access-only token's.
 */
export const rotateRefreshTokenOneNodeScript: LuaScript = {
  name: 'oauthkitRotateRefreshTokenOneNode',
  keys: 12,
  lua: `${EXTEND_TTL_LUA}${TOKEN_INSERT_LUA}
local pointer = redis.call('GET', KEYS[1])
if not pointer then return 0 end
local ok, parsed = pcall(cjson.decode, pointer)
if not ok or type(parsed) ~= 'table' or type(parsed[1]) ~= 'string'
  or type(parsed[2]) ~= 'string' then
  return 0
end
if parsed[1] ~= ARGV[3] then return -1 end
local oldKey = KEYS[2] .. '{' .. parsed[1] .. '}:' .. parsed[2]
local old = redis.call('HMGET', oldKey, 'refresh_token_digest', 'revoked_at', 'rotated_at')
if old[1] ~= ARGV[1] or old[2] or old[3] then return 0 end
if redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
local last = 5 + tonumber(ARGV[5])
local extra = ARGV[4] == '1'
if tokenTaken(3, 6) or (extra and (KEYS[8] == KEYS[3] or tokenTaken(8, last + 1))) then
  return redis.error_reply('ERR oauthkit: duplicate token digest')
end
redis.call('HSET', oldKey, 'revoked_at', ARGV[2], 'rotated_at', ARGV[2])
writeToken(3, 6)
if extra then writeToken(8, last + 1) end
return 1
`,
};
