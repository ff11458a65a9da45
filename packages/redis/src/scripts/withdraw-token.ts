import type { LuaScript } from './lua-script.js';

/**
 * Takes back a token record that was saved but never handed out (a Cluster `redeemCode` that
 * saved its token, then lost the code to another call): deletes the record if it still holds
 * this access digest, and takes it out of its family. Returns 1 when it deleted the record.
 * The caller then releases the record's pointers, which live on other slots.
 *
 * KEYS: token, family. ARGV: access digest.
 */
export const withdrawTokenScript: LuaScript = {
  name: 'oauthkitWithdrawToken',
  keys: 2,
  lua: `
if redis.call('HGET', KEYS[1], 'access_token_digest') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`,
};
