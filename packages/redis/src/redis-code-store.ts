import type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
  ConsumeCodeResult,
  TokenRecord,
  TokenStore,
} from '@oauthkit/core';
import { checkedCodeStore } from '@oauthkit/core/stores';
import { codeFromHash, codeToHash } from './code-hash.js';
import { deleteExpiredHashes } from './delete-expired-hashes.js';
import { recordPointers, releasePointers } from './digest-pointers.js';
import { createFoundCodes } from './found-codes.js';
import { hashFromJson, toHashPairs } from './hash-fields.js';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import {
  coalesceWrites,
  crossSlotScripts,
  type RedisStoreOptions,
  resolveOptions,
} from './redis-store-options.js';
import { consumeCodeScript } from './scripts/consume-code.js';
import { deleteExpiredCodeScript } from './scripts/delete-expired-code.js';
import { insertHashScript } from './scripts/insert-hash.js';
import { readHashScript } from './scripts/read-hash.js';
import { redeemCodeScript } from './scripts/redeem-code.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { withdrawTokenScript } from './scripts/withdraw-token.js';
import { tokenInsert } from './token-insert.js';
import { isTokenStoreOf } from './token-store-registry.js';
import { dateArg, ttlArg } from './ttl.js';
import { writeCoalescer } from './write-coalescer.js';

/**
 * An {@link AuthorizationCodeStore} in Redis or Redis Cluster: one hash per code, expiring
 * at the code's `expiresAt` (consumed codes stay until then, so a replay is recognised), and
 * single use decided by a Lua script on the code's own key. `redeemCode` serves a token store
 * of this package on the same client and prefix: on one node (see `crossSlotScripts`) the
 * code consumed and the token saved in one script; on a Cluster the token saved, then the
 * code consumed, and the token taken back by a call that did not consume it.
 *
 * @example
 * const codes = createRedisCodeStore(new Redis(process.env.REDIS_URL));
 */
export function createRedisCodeStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): AuthorizationCodeStore {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  const { prefix } = resolved;
  const keys = createKeys(prefix);
  const cork = writeCoalescer(redis, coalesceWrites(redis, resolved));
  const run = createScriptRunner(redis, cork);
  const oneNode = crossSlotScripts(redis, resolved);
  // Only the one-node redemption uses what findCode read (see `FoundCodes`).
  const found = oneNode ? createFoundCodes() : undefined;

  const consumed = (reply: [number, string?]): ConsumeCodeResult => {
    const [status, fields] = reply;
    if (status === 0) return { status: 'not_found' };
    const code = codeFromHash(hashFromJson(fields!));
    return status === 1 ? { status: 'consumed', code } : { status: 'replayed', code };
  };
  // The record of a redemption that consumed the code, as findCode read it, decoded when
  // first read: the server reads the record of a redemption it lost, not of one it won.
  const consumedAsFound = (json: string): ConsumeCodeResult => {
    let code: AuthorizationCodeRecord | undefined;
    return {
      status: 'consumed',
      get code() {
        code ??= codeFromHash(hashFromJson(json));
        return code;
      },
    };
  };

  const store: AuthorizationCodeStore = {
    async saveCode(record) {
      const fields = toHashPairs(codeToHash(record));
      const ttl = ttlArg(record.expiresAt.getTime() - Date.now());
      await run(insertHashScript, [keys.code(record.codeDigest)], [ttl, ...fields]);
    },

    async findCode(digest) {
      const json = (await run(readHashScript, [keys.code(digest)], [])) as string | null;
      if (json === null) return null;
      const hash = hashFromJson(json);
      if (hash['code_digest'] !== digest) return null;
      const code = codeFromHash(hash);
      if (code.consumedAt === null && code.replayedAt === null) found?.remember(digest, json);
      return code;
    },

    async consumeCode(digest, now): Promise<ConsumeCodeResult> {
      const nowArg = dateArg(now);
      const reply = await run(consumeCodeScript, [keys.code(digest)], [nowArg]);
      return consumed(reply as [number, string?]);
    },

    async deleteExpired(now) {
      return deleteExpiredHashes(redis, run, keys.code(''), deleteExpiredCodeScript, now);
    },
  };
  store.redeemCode = async (digest, now, token, tokens: TokenStore) => {
    const nowArg = dateArg(now);
    if (!isTokenStoreOf(tokens, redis, prefix)) return undefined;
    if (oneNode) {
      const insert = tokenInsert(keys, token, Date.now());
      const json = found!.take(digest);
      const reply = (await run(
        redeemCodeScript,
        [keys.code(digest), ...insert.keys],
        [nowArg, ...insert.args, json === undefined ? '' : '1'],
      )) as [number, string?];
      // `{1}` alone: consumed as this store read it unconsumed (see `redeemCodeScript`).
      if (reply[0] === 1 && reply[1] === undefined) return consumedAsFound(json!);
      return consumed(reply);
    }
    // A Cluster keeps the code, the family and each pointer on slots of their own, so no one
    // script holds them all. The token is saved first (a duplicate rejects here, before the
    // code is touched), then the code consumed; a call that does not consume it takes its
    // token back. The token was never handed out meanwhile (the server issues it only after
    // `consumed`), and a replay can only see the code consumed once the winner's token
    // exists, so the replay's revocation finds it.
    await tokens.saveToken(token);
    let result: ConsumeCodeResult;
    try {
      result = consumed(
        (await run(consumeCodeScript, [keys.code(digest)], [nowArg])) as [number, string?],
      );
    } catch (error) {
      await withdrawToken(token).catch(() => undefined);
      throw error;
    }
    // Best effort, like releasing claimed pointers: a replay must reach the server (which
    // revokes the family) even if taking the token back fails; a record left behind holds a
    // token nobody was given, and its TTL removes it.
    if (result.status !== 'consumed') await withdrawToken(token).catch(() => undefined);
    return result;
  };

  async function withdrawToken(token: TokenRecord): Promise<void> {
    const { familyId, accessTokenDigest, refreshTokenDigest } = token;
    await run(
      withdrawTokenScript,
      [keys.token(familyId, accessTokenDigest), keys.family(familyId)],
      [accessTokenDigest],
    );
    await releasePointers(
      run,
      recordPointers(keys, familyId, accessTokenDigest, refreshTokenDigest),
    );
  }
  return checkedCodeStore(store);
}
