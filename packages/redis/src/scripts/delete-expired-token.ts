import type { LuaScript } from './lua-script.js';

/**
 * Deletes one token record if it is expired at `now` (its access token, and its refresh
 * token if it has one; a refresh token without expiry never is), and takes it out of its
 * family. The condition is checked here, on the record's slot, in the same step as the
 * delete. Returns `nil` when nothing was deleted, else the refresh digest (`''` if none), so
 * the caller can release the pointers, which live on other slots.
 *
 * KEYS: token, family. ARGV: access digest, family id, now ms.
 */
export const deleteExpiredTokenScript: LuaScript = {
  name: 'oauthkitDeleteExpiredToken',
  keys: 2,
  lua: `
local r = redis.call('HMGET', KEYS[1], 'access_token_digest', 'family_id',
  'access_token_expires_at', 'refresh_token_digest', 'refresh_token_expires_at')
if r[1] ~= ARGV[1] or r[2] ~= ARGV[2] then return false end
local now = tonumber(ARGV[3])
local access = tonumber(r[3])
if not access or access > now then return false end
if r[4] then
  local refresh = tonumber(r[5])
  if not refresh or refresh > now then return false end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return r[4] or ''
`,
};
