import type { TokenRecord, TokenStore } from '@oauthkit/core';
import { checkedTokenStore } from '@oauthkit/core/stores';
import { deleteExpiredTokens } from './delete-expired-tokens.js';
import {
  claimPointers,
  type PointerClaim,
  recordPointers,
  releasePointers,
} from './digest-pointers.js';
import { pairsToObject, toHashPairs } from './hash-fields.js';
import { createKeys, type RedisKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import {
  coalesceWrites,
  crossSlotScripts,
  type RedisStoreOptions,
  resolveOptions,
} from './redis-store-options.js';
import { revokeClientTokens } from './revoke-client-tokens.js';
import {
  findByAccessPointerScript,
  findByRefreshPointerScript,
} from './scripts/find-token-one-node.js';
import { revokeAccessTokenScript } from './scripts/revoke-access-token.js';
import { revokeAccessTokenOneNodeScript } from './scripts/revoke-access-token-one-node.js';
import { revokeFamilyScript } from './scripts/revoke-family.js';
import { rotateRefreshTokenScript } from './scripts/rotate-refresh-token.js';
import { rotateRefreshTokenOneNodeScript } from './scripts/rotate-refresh-token-one-node.js';
import { saveTokenScript } from './scripts/save-token.js';
import { saveTokenOneNodeScript } from './scripts/save-token-one-node.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { tokenFromHash, tokenLifetimeMs, tokenToHash } from './token-hash.js';
import { tokenInsert } from './token-insert.js';
import { registerTokenStore } from './token-store-registry.js';
import { dateArg, ttlArg } from './ttl.js';
import { writeCoalescer } from './write-coalescer.js';

/**
 * A {@link TokenStore} in Redis or Redis Cluster. Each record is a hash that expires with
 * the later of its access and refresh expiry; rotation, revocation and family revocation
 * are Lua scripts that run on the family's slot (see `keys.ts` for the layout).
 * `deleteExpired` scans the token and family keys (see `delete-expired-tokens.ts`).
 *
 * @example
 * const tokens = createRedisTokenStore(new Redis(process.env.REDIS_URL), { prefix: 'app:' });
 */
export function createRedisTokenStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): TokenStore {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  const { prefix, revokedFamilyTtlSeconds } = resolved;
  const oneNode = crossSlotScripts(redis, resolved);
  const keys = createKeys(prefix);
  const tokenKeyPrefix = `${prefix}token:`;
  const cork = writeCoalescer(redis, coalesceWrites(redis, resolved));
  const run = createScriptRunner(redis, cork);
  const markerTtl = String(revokedFamilyTtlSeconds * 1000);

  async function readRecord(familyId: string, accessTokenDigest: string) {
    cork();
    return validRecord(
      await redis.hgetall(keys.token(familyId, accessTokenDigest)),
      familyId,
      accessTokenDigest,
    );
  }

  async function readRefreshPointer(digest: string) {
    cork();
    return parseRefreshPointer(await redis.get(keys.refreshPointer(digest)));
  }

  async function revokeFamily(familyId: string, now: Date): Promise<number> {
    const revoked = await run(
      revokeFamilyScript,
      [keys.family(familyId), keys.familyRevoked(familyId), keys.tokenBase(familyId)],
      [dateArg(now), markerTtl],
    );
    return Number(revoked);
  }

  const store = checkedTokenStore({
    async saveToken(record) {
      if (oneNode) {
        const insert = tokenInsert(keys, record, Date.now());
        await run(saveTokenOneNodeScript, insert.keys, insert.args);
        return;
      }
      const fields = toHashPairs(tokenToHash(record));
      const ttl = ttlArg(tokenLifetimeMs(record, Date.now()));
      const { familyId, accessTokenDigest } = record;
      const claims = pointerClaims(keys, record);
      cork();
      await claimPointers(redis, run, claims, ttl);
      try {
        await run(saveTokenScript, familyKeys(keys, familyId, accessTokenDigest), [
          accessTokenDigest,
          ttl,
          ...fields,
        ]);
      } catch (error) {
        await releasePointers(run, claims);
        throw error;
      }
    },

    async findByAccessToken(digest) {
      if (oneNode) {
        const reply = (await run(
          findByAccessPointerScript,
          [keys.accessPointer(digest), tokenKeyPrefix],
          [digest],
        )) as [string, string[]] | null;
        return reply === null ? null : validRecord(pairsToObject(reply[1]), reply[0], digest);
      }
      cork();
      const familyId = await redis.get(keys.accessPointer(digest));
      return familyId === null ? null : readRecord(familyId, digest);
    },

    async findByRefreshToken(digest) {
      let record: TokenRecord | null;
      if (oneNode) {
        const reply = (await run(
          findByRefreshPointerScript,
          [keys.refreshPointer(digest), tokenKeyPrefix],
          [],
        )) as [string, string[]] | null;
        const pointer = reply === null ? null : parseRefreshPointer(reply[0]);
        if (pointer === null) return null;
        const hash = pairsToObject(reply![1]);
        record = validRecord(hash, pointer.familyId, pointer.accessTokenDigest);
      } else {
        const pointer = await readRefreshPointer(digest);
        if (pointer === null) return null;
        record = await readRecord(pointer.familyId, pointer.accessTokenDigest);
      }
      return record?.refreshTokenDigest === digest ? record : null;
    },

    async rotateRefreshToken(digest, next, now, accessOnly) {
      const nowArg = dateArg(now);
      if (oneNode) {
        const nowMs = Date.now();
        const main = tokenInsert(keys, next, nowMs);
        const extra = accessOnly ? tokenInsert(keys, accessOnly, nowMs) : main;
        const rotated = await run(
          rotateRefreshTokenOneNodeScript,
          [keys.refreshPointer(digest), tokenKeyPrefix, ...main.keys, ...extra.keys],
          [
            digest,
            nowArg,
            next.familyId,
            accessOnly ? '1' : '',
            String(main.args.length),
            ...main.args,
            ...(accessOnly ? extra.args : []),
          ],
        );
        if (rotated === -1) throw new TypeError(FAMILY_MISMATCH);
        return rotated === 1;
      }
      const pointer = await readRefreshPointer(digest);
      if (pointer === null) return false;
      if (next.familyId !== pointer.familyId) {
        // Old and new records must share a slot for the exchange to be one step.
        throw new TypeError(FAMILY_MISMATCH);
      }
      const records = accessOnly ? [next, accessOnly] : [next];
      const args = records.map((r) => ({
        fields: toHashPairs(tokenToHash(r)),
        ttl: ttlArg(tokenLifetimeMs(r, Date.now())),
        claims: pointerClaims(keys, r),
      }));
      const claimed: PointerClaim[] = [];
      let rotated: unknown;
      try {
        for (const a of args) {
          cork();
          await claimPointers(redis, run, a.claims, a.ttl);
          claimed.push(...a.claims);
        }
        const [main, extra] = args as [(typeof args)[0], (typeof args)[0] | undefined];
        rotated = await run(
          rotateRefreshTokenScript,
          [
            keys.token(pointer.familyId, pointer.accessTokenDigest),
            keys.token(next.familyId, next.accessTokenDigest),
            keys.family(next.familyId),
            keys.familyRevoked(next.familyId),
            keys.token(next.familyId, accessOnly?.accessTokenDigest ?? next.accessTokenDigest),
          ],
          [
            digest,
            nowArg,
            next.accessTokenDigest,
            main.ttl,
            String(main.fields.length),
            ...main.fields,
            accessOnly?.accessTokenDigest ?? '',
            extra?.ttl ?? '',
            ...(extra?.fields ?? []),
          ],
        );
      } catch (error) {
        await releasePointers(run, claimed);
        throw error;
      }
      if (rotated === 1) return true;
      await releasePointers(run, claimed);
      return false;
    },

    async revokeAccessToken(digest, now) {
      const nowArg = dateArg(now);
      if (oneNode) {
        const revoked = await run(
          revokeAccessTokenOneNodeScript,
          [keys.accessPointer(digest), tokenKeyPrefix],
          [digest, nowArg],
        );
        return revoked === 1;
      }
      cork();
      const familyId = await redis.get(keys.accessPointer(digest));
      if (familyId === null) return false;
      const revoked = await run(
        revokeAccessTokenScript,
        [keys.token(familyId, digest)],
        [digest, nowArg],
      );
      return revoked === 1;
    },

    revokeFamily,

    async revokeClientTokens(clientId, now) {
      return revokeClientTokens(redis, keys, clientId, (familyId) => revokeFamily(familyId, now));
    },

    async deleteExpired(now) {
      return deleteExpiredTokens(redis, run, keys, dateArg(now));
    },
  });
  registerTokenStore(store, redis, prefix);
  return store;
}

const FAMILY_MISMATCH = 'rotateRefreshToken: next.familyId must be the rotated token family';

/** The record, if it is the one the pointer named (written apart: trust only the record). */
function validRecord(
  hash: Record<string, string>,
  familyId: string,
  accessTokenDigest: string,
): TokenRecord | null {
  if (hash['access_token_digest'] !== accessTokenDigest || hash['family_id'] !== familyId) {
    return null;
  }
  return tokenFromHash(hash);
}

function familyKeys(keys: RedisKeys, familyId: string, accessTokenDigest: string): string[] {
  return [
    keys.token(familyId, accessTokenDigest),
    keys.family(familyId),
    keys.familyRevoked(familyId),
  ];
}

function pointerClaims(keys: RedisKeys, record: TokenRecord): PointerClaim[] {
  return recordPointers(keys, record.familyId, record.accessTokenDigest, record.refreshTokenDigest);
}

function parseRefreshPointer(value: string | null) {
  if (value === null) return null;
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    return null;
  }
  return { familyId: parsed[0], accessTokenDigest: parsed[1] };
}
