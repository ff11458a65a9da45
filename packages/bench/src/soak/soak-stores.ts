import { randomBytes } from 'node:crypto';
import type { Stores } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createRedisStores } from '@oauthkit/redis';
import { Redis } from 'ioredis';

/** Where the soak server keeps its records. */
export type SoakStoreKind = 'memory' | 'redis';

/**
 * The soak server's stores: fresh memory stores, or Redis (`REDIS_URL`, default the local
 * service) under a key prefix of its own that `close()` deletes.
 *
 * @example
 * const { stores, close } = await createSoakStores('redis');
 */
export async function createSoakStores(
  kind: SoakStoreKind,
): Promise<{ stores: Stores; close(): Promise<void> }> {
  if (kind === 'memory') return { stores: createMemoryStores(), close: async () => {} };
  if (kind !== 'redis') throw new TypeError(`createSoakStores: unknown store ${String(kind)}`);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `oauthkit:soak:${randomBytes(5).toString('hex')}:`;
  return {
    stores: createRedisStores(redis, { prefix }),
    async close() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
