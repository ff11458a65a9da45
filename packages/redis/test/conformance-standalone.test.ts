import { createRedisStores } from '@oauthkit/redis';
import {
  getServiceUrl,
  injectRedisFailures,
  redisKeyPrefix,
  runStoreConformanceSuite,
} from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { createRawReader, deleteKeys } from './helpers/raw-redis.js';

const service = await getServiceUrl('redis');
const prefix = redisKeyPrefix('redis-standalone');
let redis: Redis | undefined;

runStoreConformanceSuite({
  name: 'redis/standalone',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    const url = (service as { url: string }).url;
    redis = new Redis(url);
    const client = redis;
    return {
      stores: createRedisStores(client, { prefix }),
      raw: createRawReader(client, prefix),
      reset: () => deleteKeys(client, prefix),
      async faulty(okCalls) {
        const faulty = new Redis(url, { maxRetriesPerRequest: 0 });
        await faulty.ping();
        injectRedisFailures(faulty, okCalls);
        return {
          stores: createRedisStores(faulty, { prefix }),
          close: async () => faulty.disconnect(),
        };
      },
    };
  },
  async teardown() {
    if (!redis) return;
    await deleteKeys(redis, prefix);
    await redis.quit();
  },
});
