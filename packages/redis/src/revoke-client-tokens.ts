import type { RedisKeys } from './keys.js';
import type { RedisClient } from './redis-client.js';
import { escapeGlob, scanKeys } from './scan-keys.js';

/**
 * `TokenStore.revokeClientTokens` for Redis: there is no index by client (a family's records
 * share a slot, a client's do not), so it scans the token records, page by page on every
 * master, collects the families of the client's records, and revokes each family with the
 * store's own `revokeFamily` script (which also marks the family revoked, so a rotation that
 * runs meanwhile cannot add an active token to it). Every family descends from one grant to
 * one client, so revoking the family revokes nobody else's token. Linear in the number of
 * keys: it runs when a client is deleted, not per request. A failure rejects; the caller
 * keeps the client and retries.
 */
export async function revokeClientTokens(
  redis: RedisClient,
  keys: RedisKeys,
  clientId: string,
  revokeFamily: (familyId: string) => Promise<number>,
): Promise<number> {
  const families = new Set<string>();
  await scanKeys(redis, `${escapeGlob(`${keys.prefix}token:{`)}*`, async (page) => {
    const owners = await Promise.all(page.map((key) => redis.hmget(key, 'client_id', 'family_id')));
    for (const [owner, familyId] of owners) {
      if (owner === clientId && familyId) families.add(familyId);
    }
  });
  let revoked = 0;
  for (const familyId of families) revoked += await revokeFamily(familyId);
  return revoked;
}
