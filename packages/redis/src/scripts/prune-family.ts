import type { LuaScript } from './lua-script.js';

/**
 * Removes from a family set the members whose record is gone (dropped by its TTL: a set
 * member has no TTL of its own, and the set lives as long as its longest-lived member).
 * Inserts add a member in the same script that creates its record, so a member without a
 * record is never one that is about to appear. Returns how many members it removed.
 *
 * KEYS: family, token key base.
 */
export const pruneFamilyScript: LuaScript = {
  name: 'oauthkitPruneFamily',
  keys: 2,
  lua: `
local removed = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', KEYS[2] .. member) == 0 then
    removed = removed + redis.call('SREM', KEYS[1], member)
  end
end
return removed
`,
};
