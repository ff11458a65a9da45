/** A Lua script registered on the client with ioredis `defineCommand`. */
export interface LuaScript {
  /** The command name on the client; namespaced so it cannot clash with the app's own. */
  name: string;
  /** How many leading arguments are keys (they must all hash to one slot). */
  keys: number;
  lua: string;
}

/**
 * Makes `key` live at least `ttl` more ms (`nil`: forever). `fresh` says the key was just
 * created, so its missing TTL is not a "keep forever" decided earlier.
 */
export const EXTEND_TTL_LUA = `
local function extendTtl(key, ttl, fresh)
  if not ttl then
    redis.call('PERSIST', key)
    return
  end
  local current = redis.call('PTTL', key)
  if fresh or (current >= 0 and current < ttl) then redis.call('PEXPIRE', key, ttl) end
end
`;
