import type { DeviceCodeRecord, DeviceCodeStore } from '@oauthkit/core';
import { checkedDeviceCodeStore, serializeRecordExtensions } from '@oauthkit/core/stores';
import { deleteExpiredHashes } from './delete-expired-hashes.js';
import { deviceCodeFromHash, deviceCodeToHash } from './device-code-hash.js';
import { pairsToObject, toHashPairs } from './hash-fields.js';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { coalesceWrites, type RedisStoreOptions, resolveOptions } from './redis-store-options.js';
import {
  decideDeviceCodeScript,
  deleteExpiredDeviceCodeScript,
  pollDeviceCodeScript,
  redeemDeviceCodeScript,
} from './scripts/device-code.js';
import { insertHashScript } from './scripts/insert-hash.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { dateArg, ttlArg } from './ttl.js';
import { writeCoalescer } from './write-coalescer.js';

/** RFC 8628 3.5: a `slow_down` raises the interval by 5 seconds. */
const SLOW_DOWN_INCREMENT_SECONDS = 5;

/**
 * A {@link DeviceCodeStore} in Redis or Redis Cluster: one hash per device authorization,
 * expiring at `expiresAt`, and every state change (approve or deny, poll, redeem) a Lua
 * script on that one key. The user code's pointer is its own key, claimed with `SET NX`
 * before the record is written, so two live authorizations never share a user code.
 *
 * @example
 * const deviceCodes = createRedisDeviceCodeStore(new Redis(process.env.REDIS_URL));
 */
export function createRedisDeviceCodeStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): DeviceCodeStore {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  const keys = createKeys(resolved.prefix);
  const cork = writeCoalescer(redis, coalesceWrites(redis, resolved));
  const run = createScriptRunner(redis, cork);

  const step = async (
    script: typeof pollDeviceCodeScript,
    digest: string,
    args: (string | number)[],
  ): Promise<{ status: 0 | 1 | 2; record: DeviceCodeRecord | null }> => {
    const [status, pairs = []] = (await run(script, [keys.deviceCode(digest)], args)) as [
      0 | 1 | 2,
      string[]?,
    ];
    return { status, record: status === 0 ? null : deviceCodeFromHash(pairsToObject(pairs)) };
  };

  return checkedDeviceCodeStore({
    async saveDeviceCode(record) {
      const fields = toHashPairs(deviceCodeToHash(record));
      const ttl = ttlArg(record.expiresAt.getTime() - Date.now());
      const pointer = keys.userCode(record.userCodeDigest);
      cork();
      const claimed = await redis.set(pointer, record.deviceCodeDigest, 'PX', Number(ttl), 'NX');
      if (claimed !== 'OK') return false;
      try {
        await run(insertHashScript, [keys.deviceCode(record.deviceCodeDigest)], [ttl, ...fields]);
      } catch (error) {
        // Release the user code again (it points to no record); a failure here leaves a
        // pointer lookups ignore, gone at its TTL.
        await redis.del(pointer).catch(() => {});
        throw error;
      }
      return true;
    },

    async findByDeviceCode(digest) {
      cork();
      const hash = await redis.hgetall(keys.deviceCode(digest));
      return hash['device_code_digest'] === digest ? deviceCodeFromHash(hash) : null;
    },

    async findByUserCode(digest) {
      cork();
      const deviceDigest = await redis.get(keys.userCode(digest));
      if (deviceDigest === null) return null;
      cork();
      const hash = await redis.hgetall(keys.deviceCode(deviceDigest));
      // The pointer is written apart from the record: trust only a record that names it back.
      if (hash['device_code_digest'] !== deviceDigest || hash['user_code_digest'] !== digest) {
        return null;
      }
      return deviceCodeFromHash(hash);
    },

    async decideDeviceCode(digest, decision, now) {
      const approved = decision.status === 'approved';
      const args = [
        dateArg(now),
        decision.status,
        approved ? decision.userId : '',
        approved ? decision.grantedScope : '',
        approved
          ? serializeRecordExtensions(
              'decideDeviceCode',
              'decision.extensions',
              decision.extensions ?? {},
            )
          : '',
      ];
      const { status, record } = await step(decideDeviceCodeScript, digest, args);
      if (record === null) return { status: 'not_found' };
      return { status: status === 1 ? 'decided' : 'not_pending', record };
    },

    async pollDeviceCode(digest, now) {
      const args = [dateArg(now), SLOW_DOWN_INCREMENT_SECONDS];
      const { status, record } = await step(pollDeviceCodeScript, digest, args);
      if (record === null) return { status: 'not_found' };
      return { status: status === 1 ? 'polled' : 'slow_down', record };
    },

    async redeemDeviceCode(digest, now) {
      const { status, record } = await step(redeemDeviceCodeScript, digest, [dateArg(now)]);
      if (record === null) return { status: 'not_found' };
      return { status: status === 1 ? 'redeemed' : 'not_redeemable', record };
    },

    async deleteExpired(now) {
      return deleteExpiredHashes(
        redis,
        run,
        keys.deviceCode(''),
        deleteExpiredDeviceCodeScript,
        now,
      );
    },
  });
}
