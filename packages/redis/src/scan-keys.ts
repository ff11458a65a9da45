import { DEFAULT_DELETE_EXPIRED_BATCH_SIZE } from '@oauthkit/core/stores';
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './redis-client.js';

/**
 * Keys per SCAN round trip; also how many scripts a cleanup has in flight at once: the
 * cleanup batch every store shares.
 */
export const SCAN_COUNT = DEFAULT_DELETE_EXPIRED_BATCH_SIZE;

/**
 * Calls `onBatch` with every key matching `pattern` (a glob under the store's prefix), one
 * SCAN page at a time, on every master of a cluster. The keys are given without the client's
 * ioredis `keyPrefix`, ready to be passed back to commands and scripts (which add it again):
 * SCAN is the one command whose pattern and replies ioredis leaves unprefixed.
 */
export async function scanKeys(
  redis: RedisClient,
  pattern: string,
  onBatch: (keys: string[]) => Promise<void>,
): Promise<void> {
  const keyPrefix = (redis.options as { keyPrefix?: string }).keyPrefix ?? '';
  const match = escapeGlob(keyPrefix) + pattern;
  for (const node of await dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, page] = await node.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
      cursor = next;
      const keys = page
        .filter((k) => k.startsWith(keyPrefix))
        .map((k) => k.slice(keyPrefix.length));
      if (keys.length > 0) await onBatch(keys);
    } while (cursor !== '0');
  }
}

/** `text` as a SCAN pattern that matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

async function dataNodes(redis: RedisClient): Promise<Redis[]> {
  if (!('isCluster' in redis) || !redis.isCluster) return [redis as Redis];
  const cluster = redis as Cluster;
  // A cluster client learns its nodes from the first slots refresh; any command waits for it.
  if (cluster.nodes('master').length === 0) await cluster.ping();
  const masters = cluster.nodes('master');
  if (masters.length === 0) throw new Error('no master node of the Redis Cluster is connected');
  return masters;
}
