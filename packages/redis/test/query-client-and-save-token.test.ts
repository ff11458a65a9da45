import { digestToken, generateId, generateToken, userFromId } from '@oauthkit/core';
import { createOAuth2Request } from '@oauthkit/core/binding';
import {
  createKeys,
  createQueryClient,
  createRedisClientStore,
  createRedisTokenStore,
  createSaveToken,
} from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from './helpers/raw-redis.js';
import { makeClient } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('redis-helpers');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('createQueryClient', () => {
  it('returns a Client for a stored client, null for an unknown one', async () => {
    const { record, secret } = makeClient();
    await createRedisClientStore(redis, { prefix }).saveClient(record);
    const queryClient = createQueryClient(redis, { prefix });
    const client = await queryClient(record.clientId);
    expect(client?.clientId).toBe(record.clientId);
    expect(client?.checkClientSecret(secret)).toBe(true);
    expect(client?.checkClientSecret(generateToken())).toBe(false);
    expect(client?.checkRedirectUri(record.metadata.redirectUris[0]!)).toBe(true);
    expect(await queryClient('no-such-client')).toBeNull();
  });
});

describe('createSaveToken', () => {
  it('stores an issued token as digests, with TTLs, findable by both digests', async () => {
    const { record } = makeClient();
    await createRedisClientStore(redis, { prefix }).saveClient(record);
    const client = (await createQueryClient(redis, { prefix })(record.clientId))!;
    const issued = {
      accessToken: generateToken(),
      tokenType: 'Bearer' as const,
      expiresIn: 3600,
      scope: 'openid',
      refreshToken: generateToken(),
      refreshTokenExpiresIn: 86_400,
    };
    const familyId = generateId();
    const issuedAt = new Date();
    await createSaveToken(redis, { prefix })(issued, {
      client,
      user: userFromId('user-7'),
      grantType: 'authorization_code',
      familyId,
      issuedAt,
      request: createOAuth2Request({ method: 'POST', url: '/token', headers: {} }),
    });

    const tokens = createRedisTokenStore(redis, { prefix });
    const stored = await tokens.findByAccessToken(digestToken(issued.accessToken));
    expect(stored).toMatchObject({
      refreshTokenDigest: digestToken(issued.refreshToken),
      familyId,
      clientId: record.clientId,
      userId: 'user-7',
      scope: 'openid',
      accessTokenExpiresAt: new Date(issuedAt.getTime() + 3_600_000),
      refreshTokenExpiresAt: new Date(issuedAt.getTime() + 86_400_000),
      revokedAt: null,
    });
    expect(await tokens.findByRefreshToken(digestToken(issued.refreshToken))).toEqual(stored);
    const key = createKeys(prefix).token(familyId, digestToken(issued.accessToken));
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(86_400_000 - 10_000);
    expect(pttl).toBeLessThanOrEqual(86_400_000);
    const everything = JSON.stringify(await redis.hgetall(key));
    expect(everything).not.toContain(issued.accessToken);
    expect(everything).not.toContain(issued.refreshToken);
  });
});
