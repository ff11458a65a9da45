import { recordPointers, releasePointers } from './digest-pointers.js';
import type { RedisKeys } from './keys.js';
import type { RedisClient } from './redis-client.js';
import { escapeGlob, scanKeys } from './scan-keys.js';
import { deleteExpiredTokenScript } from './scripts/delete-expired-token.js';
import { pruneFamilyScript } from './scripts/prune-family.js';
import type { RunScript } from './scripts/script-runner.js';

/**
 * `TokenStore.deleteExpired` for Redis: TTLs already drop records once both expiries have
 * passed by the wall clock, so this does what they cannot.
 *
 * 1. Every token record expired at `now` (a `now` ahead of the TTLs, or a record whose TTL has
 *    not fired yet) is deleted by a script that checks the condition on the record's slot,
 *    and leaves its family set; then its digest pointers are released with a
 *    compare-and-delete. These records are what it counts.
 * 2. Family sets are pruned of members whose record a TTL dropped: a set lives as long as its
 *    longest-lived member, so a family that keeps rotating would otherwise grow forever.
 *
 * Both scan the keyspace (SCAN, page by page, on every master), which is linear in the
 * number of keys: run it hourly, not per request. A pointer left behind by a crash between
 * its claim and its record's insert is not looked for: it has the record's TTL, and lookups
 * ignore it.
 */
export async function deleteExpiredTokens(
  redis: RedisClient,
  run: RunScript,
  keys: RedisKeys,
  now: string,
): Promise<number> {
  const tokenBase = `${keys.prefix}token:{`;
  let deleted = 0;
  await scanKeys(redis, `${escapeGlob(tokenBase)}*`, async (page) => {
    const results = await Promise.all(
      page.map(async (key) => {
        const parsed = parseTokenKey(keys, key);
        if (parsed === null) return 0;
        const { familyId, accessTokenDigest } = parsed;
        const refresh = (await run(
          deleteExpiredTokenScript,
          [key, keys.family(familyId)],
          [accessTokenDigest, familyId, now],
        )) as string | null;
        if (refresh === null) return 0;
        const pointers = recordPointers(keys, familyId, accessTokenDigest, refresh || null);
        await releasePointers(run, pointers);
        return 1;
      }),
    );
    for (const n of results) deleted += n;
  });

  const familyBase = `${keys.prefix}family:{`;
  await scanKeys(redis, `${escapeGlob(familyBase)}*`, async (page) => {
    await Promise.all(
      page.map((key) => {
        const familyId = key.slice(familyBase.length, -1);
        if (familyId === '' || keys.family(familyId) !== key) return null;
        return run(pruneFamilyScript, [key, keys.tokenBase(familyId)], []);
      }),
    );
  });
  return deleted;
}

/** The family id and access digest a token key was built from, or `null` if it is not one. */
function parseTokenKey(keys: RedisKeys, key: string) {
  // `token:{<familyId>}:<accessDigest>`: the digest has no colon, the family id may.
  const accessTokenDigest = key.slice(key.lastIndexOf(':') + 1);
  const familyId = key.slice(`${keys.prefix}token:{`.length, -(accessTokenDigest.length + 2));
  if (accessTokenDigest === '' || familyId === '') return null;
  return keys.token(familyId, accessTokenDigest) === key ? { familyId, accessTokenDigest } : null;
}
