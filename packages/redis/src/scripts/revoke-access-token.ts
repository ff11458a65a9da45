import type { LuaScript } from './lua-script.js';

/**
 * Revokes one record if it still holds this access digest and is not revoked yet.
 * Returns 1 when this call revoked it.
 *
 * KEYS: token. ARGV: access digest, now ms.
 */
export const revokeAccessTokenScript: LuaScript = {
  name: 'oauthkitRevokeAccessToken',
  keys: 1,
  lua: `
if redis.call('HGET', KEYS[1], 'access_token_digest') ~= ARGV[1] then return 0 end
return redis.call('HSETNX', KEYS[1], 'revoked_at', ARGV[2])
`,
};
