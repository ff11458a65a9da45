import type { TokenRecord } from '@oauthkit/core';
import { toHashPairsJson } from './hash-fields.js';
import type { RedisKeys } from './keys.js';
import { tokenLifetimeMs, tokenToHash } from './token-hash.js';
import { ttlArg } from './ttl.js';

/** The keys and arguments of one token insert, as `TOKEN_INSERT_LUA` takes them. */
export interface TokenInsert {
  keys: string[];
  args: string[];
}

/**
 * The keys and arguments that insert `record` with its pointers in a one-node script: the
 * pointers hold what the Cluster path claims them with (the family id; `[familyId,
 * accessDigest]` as JSON), so both paths read each other's records.
 */
export function tokenInsert(keys: RedisKeys, record: TokenRecord, nowMs: number): TokenInsert {
  const fields = toHashPairsJson(tokenToHash(record));
  const { familyId, accessTokenDigest, refreshTokenDigest } = record;
  const accessPointer = keys.accessPointer(accessTokenDigest);
  return {
    keys: [
      keys.token(familyId, accessTokenDigest),
      keys.family(familyId),
      keys.familyRevoked(familyId),
      accessPointer,
      refreshTokenDigest === null ? accessPointer : keys.refreshPointer(refreshTokenDigest),
    ],
    args: [
      accessTokenDigest,
      ttlArg(tokenLifetimeMs(record, nowMs)),
      familyId,
      refreshTokenDigest === null ? '' : JSON.stringify([familyId, accessTokenDigest]),
      fields,
    ],
  };
}
