import type { LuaScript } from './lua-script.js';

/**
 * Deletes a digest pointer only if it still holds the value this call claimed it with, so a
 * failed insert never removes a pointer that belongs to someone else.
 *
 * KEYS: pointer. ARGV: claimed value.
 */
export const releasePointerScript: LuaScript = {
  name: 'oauthkitReleasePointer',
  keys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
};
