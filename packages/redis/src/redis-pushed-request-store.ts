import type { PushedRequestRecord, PushedRequestStore } from '@oauthkit/core';
import { checkedPushedRequestStore } from '@oauthkit/core/stores';
import { dateToField, pairsToObject, required, toHashPairs } from './hash-fields.js';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { coalesceWrites, type RedisStoreOptions, resolveOptions } from './redis-store-options.js';
import { consumePushedRequestScript } from './scripts/consume-pushed-request.js';
import { insertHashScript } from './scripts/insert-hash.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { ttlArg } from './ttl.js';
import { writeCoalescer } from './write-coalescer.js';

/**
 * A `PushedRequestStore` (RFC 9126) in Redis or Redis Cluster: one hash per request,
 * `<prefix>par:<requestUriDigest>`, written once with a TTL that ends at `expiresAt` (Redis
 * forgets it then, so `deleteExpired` has nothing to do and resolves 0). Using it is one Lua
 * script on that key: the owner's call gets the fields and deletes the hash; of concurrent
 * calls only the first finds it.
 *
 * @example
 * const pushedRequests = createRedisPushedRequestStore(new Redis(process.env.REDIS_URL));
 */
export function createRedisPushedRequestStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): PushedRequestStore {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  const { prefix } = createKeys(resolved.prefix);
  const cork = writeCoalescer(redis, coalesceWrites(redis, resolved));
  const run = createScriptRunner(redis, cork);
  const key = (digest: string) => `${prefix}par:${digest}`;
  const fromHash = (hash: Record<string, string>): PushedRequestRecord => ({
    requestUriDigest: required(hash, 'request_uri_digest'),
    clientId: required(hash, 'client_id'),
    parameters: required(hash, 'parameters'),
    issuedAt: new Date(Number(required(hash, 'issued_at'))),
    expiresAt: new Date(Number(required(hash, 'expires_at'))),
  });

  return checkedPushedRequestStore({
    async savePushedRequest(record) {
      const fields = toHashPairs({
        request_uri_digest: record.requestUriDigest,
        client_id: record.clientId,
        parameters: record.parameters,
        issued_at: dateToField(record.issuedAt, 'issuedAt'),
        expires_at: dateToField(record.expiresAt, 'expiresAt'),
      });
      const ttl = ttlArg(record.expiresAt.getTime() - Date.now());
      // Refuses a key that exists: a record is never overwritten.
      await run(insertHashScript, [key(record.requestUriDigest)], [ttl, ...fields]);
    },
    async findPushedRequest(digest) {
      cork();
      const hash = await redis.hgetall(key(digest));
      return hash['request_uri_digest'] === digest ? fromHash(hash) : null;
    },
    async consumePushedRequest(digest, clientId) {
      const pairs = (await run(consumePushedRequestScript, [key(digest)], [clientId])) as
        | string[]
        | null;
      return pairs ? fromHash(pairsToObject(pairs)) : null;
    },
    async deleteExpired() {
      // Every request has a TTL ending at its expiresAt: Redis already removed it.
      return 0;
    },
  });
}
