import type { RedisClient } from './redis-client.js';
import { escapeGlob, scanKeys } from './scan-keys.js';
import type { LuaScript } from './scripts/lua-script.js';
import type { RunScript } from './scripts/script-runner.js';
import { dateArg } from './ttl.js';

/**
 * The `deleteExpired` of a store with one hash per record under `base` (its key prefix up to
 * the digest): every key found by SCAN is checked and deleted by `script` on its own key
 * (KEYS: the record; ARGV: its digest, now), so a cleanup is safe against every other call.
 * The TTLs drop records by the wall clock; this catches a `now` ahead of them. Resolves how
 * many records were deleted.
 */
export async function deleteExpiredHashes(
  redis: RedisClient,
  run: RunScript,
  base: string,
  script: LuaScript,
  now: Date,
): Promise<number> {
  const nowArg = dateArg(now);
  let deleted = 0;
  await scanKeys(redis, `${escapeGlob(base)}*`, async (page) => {
    const results = await Promise.all(
      page.map((key) => {
        const digest = key.slice(base.length);
        return digest === '' ? 0 : run(script, [key], [digest, nowArg]);
      }),
    );
    for (const n of results) deleted += Number(n);
  });
  return deleted;
}
