import type { LuaScript } from './lua-script.js';

/**
 * `revokeAccessToken` on one node: follows the access pointer to the record and revokes it
 * if it still holds this access digest and is not revoked yet, in one script. Returns 1 when
 * this call revoked it.
 *
 * KEYS: access pointer, token key prefix (`<prefix>token:`). ARGV: access digest, now ms.
 */
export const revokeAccessTokenOneNodeScript: LuaScript = {
  name: 'oauthkitRevokeAccessTokenOneNode',
  keys: 2,
  lua: `
local familyId = redis.call('GET', KEYS[1])
if not familyId then return 0 end
local key = KEYS[2] .. '{' .. familyId .. '}:' .. ARGV[1]
if redis.call('HGET', key, 'access_token_digest') ~= ARGV[1] then return 0 end
return redis.call('HSETNX', key, 'revoked_at', ARGV[2])
`,
};
