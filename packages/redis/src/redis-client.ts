import type { Cluster, Redis } from 'ioredis';

/** What the stores accept: a standalone (or Sentinel) ioredis client, or a Cluster. */
export type RedisClient = Redis | Cluster;

/** Throws `TypeError` unless `redis` looks like an ioredis client. */
export function assertRedisClient(redis: unknown): asserts redis is RedisClient {
  const r = redis as Partial<RedisClient> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.defineCommand !== 'function' ||
    typeof r.hgetall !== 'function'
  ) {
    throw new TypeError('redis must be an ioredis Redis or Cluster client');
  }
}
