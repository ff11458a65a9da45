import type { LuaScript } from './lua-script.js';

/**
 * Replaces a whole hash in one step, so no reader sees old and new fields mixed.
 *
 * KEYS: record. ARGV: fields...
 */
export const replaceHashScript: LuaScript = {
  name: 'oauthkitReplaceHash',
  keys: 1,
  lua: `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`,
};
