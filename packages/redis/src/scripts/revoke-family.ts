import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';

/**
 * Revokes every record of a family and marks the family revoked, in one step on its slot,
 * so a rotation or insert that runs after it cannot add an active token. The member keys
 * are built from the token key base (passed as a key, so an ioredis `keyPrefix` applies to
 * it too); they carry the same hash tag, so they live on the slot the script runs on.
 * The marker lives as long as the family set, and at least the given minimum, which covers
 * a token still being issued for a family that has no member yet. Returns how many records
 * this call revoked.
 *
 * KEYS: family, family-revoked, token key base. ARGV: now ms, minimum marker TTL ms.
 */
export const revokeFamilyScript: LuaScript = {
  name: 'oauthkitRevokeFamily',
  keys: 3,
  lua: `${EXTEND_TTL_LUA}
local revoked = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = KEYS[3] .. member
  if redis.call('EXISTS', key) == 0 then
    redis.call('SREM', KEYS[1], member)
  elseif redis.call('HSETNX', key, 'revoked_at', ARGV[1]) == 1 then
    revoked = revoked + 1
  end
end
local fresh = redis.call('SET', KEYS[2], ARGV[1], 'NX') ~= false
local familyTtl = redis.call('PTTL', KEYS[1])
if familyTtl == -1 then
  extendTtl(KEYS[2], nil, fresh)
else
  extendTtl(KEYS[2], math.max(familyTtl, tonumber(ARGV[2])), fresh)
end
return revoked
`,
};
