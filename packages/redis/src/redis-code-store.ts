import type { AuthorizationCodeStore, ConsumeCodeResult } from '@oauthkit/core';
import { checkedCodeStore } from '@oauthkit/core/stores';
import { codeFromHash, codeToHash } from './code-hash.js';
import { deleteExpiredHashes } from './delete-expired-hashes.js';
import { pairsToObject, toHashPairs } from './hash-fields.js';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { type RedisStoreOptions, resolveOptions } from './redis-store-options.js';
import { consumeCodeScript } from './scripts/consume-code.js';
import { deleteExpiredCodeScript } from './scripts/delete-expired-code.js';
import { insertHashScript } from './scripts/insert-hash.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { dateArg, ttlArg } from './ttl.js';

/**
 * An {@link AuthorizationCodeStore} in Redis or Redis Cluster: one hash per code, expiring
 * at the code's `expiresAt` (consumed codes stay until then, so a replay is recognised), and
 * single use decided by a Lua script on the code's own key.
 *
 * @example
 * const codes = createRedisCodeStore(new Redis(process.env.REDIS_URL));
 */
export function createRedisCodeStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): AuthorizationCodeStore {
  assertRedisClient(redis);
  const keys = createKeys(resolveOptions(options).prefix);
  const run = createScriptRunner(redis);

  return checkedCodeStore({
    async saveCode(record) {
      const fields = toHashPairs(codeToHash(record));
      const ttl = ttlArg(record.expiresAt.getTime() - Date.now());
      await run(insertHashScript, [keys.code(record.codeDigest)], [ttl, ...fields]);
    },

    async findCode(digest) {
      const hash = await redis.hgetall(keys.code(digest));
      return hash['code_digest'] === digest ? codeFromHash(hash) : null;
    },

    async consumeCode(digest, now): Promise<ConsumeCodeResult> {
      const nowArg = dateArg(now);
      const reply = (await run(consumeCodeScript, [keys.code(digest)], [nowArg])) as [
        number,
        string[]?,
      ];
      const [status, pairs = []] = reply;
      if (status === 0) return { status: 'not_found' };
      const code = codeFromHash(pairsToObject(pairs));
      return status === 1 ? { status: 'consumed', code } : { status: 'replayed', code };
    },

    async deleteExpired(now) {
      return deleteExpiredHashes(redis, run, keys.code(''), deleteExpiredCodeScript, now);
    },
  });
}
