import type { RawReader } from '@oauthkit/store-tests';
import type { Cluster, Redis } from 'ioredis';

type Client = Redis | Cluster;

/** The nodes that hold data: every master of a cluster, or the one standalone server. */
function dataNodes(redis: Client): Redis[] {
  return 'isCluster' in redis && redis.isCluster
    ? (redis as Cluster).nodes('master')
    : [redis as Redis];
}

/** Every key matching `pattern` (a SCAN pattern), on every node. */
export async function scanKeys(redis: Client, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for (const node of dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys.sort();
}

/** Deletes every key under `prefix` (one DEL per key: keys of a cluster live in many slots). */
export async function deleteKeys(redis: Client, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${escapeGlob(prefix)}*`);
  await Promise.all(keys.map((k) => redis.del(k)));
}

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** One key and its value, whatever its type, as plain data. */
export async function readKey(redis: Client, key: string): Promise<unknown> {
  const type = await redis.type(key);
  if (type === 'string') return redis.get(key);
  if (type === 'hash') return redis.hgetall(key);
  if (type === 'set') return (await redis.smembers(key)).sort();
  if (type === 'none') return null;
  throw new Error(`unexpected ${type} key ${key}`);
}

/**
 * Reads the data under `prefix` with plain commands, never through the stores under test:
 * records are found by scanning for their key, not by following the stores' pointers.
 */
export function createRawReader(redis: Client, prefix: string): RawReader {
  const p = escapeGlob(prefix);
  return {
    async dump() {
      const keys = await scanKeys(redis, `${p}*`);
      const entries = await Promise.all(keys.map(async (k) => [k, await readKey(redis, k)]));
      return JSON.stringify(Object.fromEntries(entries));
    },
    async token(accessTokenDigest) {
      const keys = await scanKeys(redis, `${p}token:*:${escapeGlob(accessTokenDigest)}`);
      if (keys.length === 0) return null;
      if (keys.length > 1) throw new Error(`${keys.length} records for one access digest`);
      const hash = await redis.hgetall(keys[0]!);
      return {
        familyId: hash['family_id']!,
        refreshTokenDigest: hash['refresh_token_digest'] ?? null,
        revoked: hash['revoked_at'] !== undefined,
        rotated: hash['rotated_at'] !== undefined,
        scope: hash['scope']!,
      };
    },
    async code(codeDigest) {
      const hash = await redis.hgetall(`${prefix}code:${codeDigest}`);
      if (Object.keys(hash).length === 0) return null;
      return { consumed: 'consumed_at' in hash, replayed: 'replayed_at' in hash };
    },
    async deviceCode(deviceCodeDigest) {
      const hash = await redis.hgetall(`${prefix}device:${deviceCodeDigest}`);
      if (Object.keys(hash).length === 0) return null;
      return {
        status: hash['status']!,
        interval: Number(hash['interval']),
        polled: 'last_polled_at' in hash,
        redeemed: 'redeemed_at' in hash,
        userId: hash['user_id'] ?? null,
      };
    },
    async client(clientId) {
      const hash = await redis.hgetall(`${prefix}client:${clientId}`);
      if (Object.keys(hash).length === 0) return null;
      return {
        clientSecretDigest: hash['client_secret_digest'] ?? null,
        metadata: JSON.parse(hash['metadata']!),
        registrationAccessTokenDigest: hash['registration_access_token_digest'] ?? null,
      };
    },
  };
}
