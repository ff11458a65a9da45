import type { RedisKeys } from './keys.js';
import type { RedisClient } from './redis-client.js';
import { releasePointerScript } from './scripts/release-pointer.js';
import type { RunScript } from './scripts/script-runner.js';

/** A digest -> record pointer key, and the value this call writes into it. */
export interface PointerClaim {
  key: string;
  value: string;
}

/**
 * The pointers of one record: the access digest's, holding the family id, and the refresh
 * digest's (if any), holding `[familyId, accessDigest]`. Written on insert, released with a
 * compare-and-delete on the very same values.
 */
export function recordPointers(
  keys: RedisKeys,
  familyId: string,
  accessTokenDigest: string,
  refreshTokenDigest: string | null,
): PointerClaim[] {
  const claims = [{ key: keys.accessPointer(accessTokenDigest), value: familyId }];
  if (refreshTokenDigest !== null) {
    claims.push({
      key: keys.refreshPointer(refreshTokenDigest),
      value: JSON.stringify([familyId, accessTokenDigest]),
    });
  }
  return claims;
}

/**
 * Claims every pointer with `SET NX` (with the record's TTL): a digest already in use is a
 * duplicate, and the insert must not go ahead. Pointers live outside the family slot, so
 * they are claimed before the family script runs and released if it does not insert.
 */
export async function claimPointers(
  redis: RedisClient,
  run: RunScript,
  claims: readonly PointerClaim[],
  ttl: string,
): Promise<void> {
  const results = await Promise.allSettled(
    claims.map((c) =>
      ttl === '' ? redis.set(c.key, c.value, 'NX') : redis.set(c.key, c.value, 'PX', ttl, 'NX'),
    ),
  );
  if (results.every((r) => r.status === 'fulfilled' && r.value === 'OK')) return;
  await releasePointers(
    run,
    claims.filter((_, i) => {
      const r = results[i]!;
      return r.status === 'fulfilled' && r.value === 'OK';
    }),
  );
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  throw new Error('duplicate token digest');
}

/**
 * Undoes claims. Best effort: a pointer left behind after a failure points to no record,
 * lookups re-validate and ignore it, and its TTL removes it.
 */
export async function releasePointers(
  run: RunScript,
  claims: readonly PointerClaim[],
): Promise<void> {
  await Promise.allSettled(claims.map((c) => run(releasePointerScript, [c.key], [c.value])));
}
