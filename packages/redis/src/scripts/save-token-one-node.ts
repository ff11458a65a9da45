import { EXTEND_TTL_LUA, type LuaScript } from './lua-script.js';
import { TOKEN_INSERT_LUA } from './token-insert-lua.js';

/**
 * `saveToken` on one node: refuses a duplicate (the record or either pointer exists), else
 * writes the pointers, the record and its family membership, in one script. A record joining
 * a family already revoked is stored revoked (see `saveTokenScript`).
 *
 * KEYS and ARGV: the token's, as `TOKEN_INSERT_LUA` describes (from 1).
 */
export const saveTokenOneNodeScript: LuaScript = {
  name: 'oauthkitSaveTokenOneNode',
  keys: 5,
  lua: `${EXTEND_TTL_LUA}${TOKEN_INSERT_LUA}
if tokenTaken(1, 1) then
  return redis.error_reply('ERR oauthkit: duplicate token digest')
end
return writeToken(1, 1)
`,
};
