import { createAuthorizationServer, digestToken, generateId, generateToken } from '@oauthkit/core';
import { createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRawReader, deleteKeys } from './helpers/raw-redis.js';
import { makeClient, makeToken } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const ISSUER = 'https://auth.example.com';
const prefix = redisKeyPrefix('redis-server-flow');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

function tokenRequest(clientId: string, secret: string, params: Record<string, string>) {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
  return new Request(`${ISSUER}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic.toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe('the authorization server on Redis stores', () => {
  it('rotates a refresh token, and a replay of the old one revokes the whole family', async () => {
    const stores = createRedisStores(redis, { prefix });
    const server = createAuthorizationServer({
      ...stores,
      config: {
        issuer: ISSUER,
        refreshTokenGenerator: true,
        rotateConfidentialRefreshTokens: true,
      },
    });
    const { record: client, secret } = makeClient();
    await stores.clients.saveClient(client);
    const first = makeToken({ clientId: client.clientId, familyId: generateId() });
    await stores.tokens.saveToken(first.record);

    const refresh = () =>
      server.createTokenResponse(
        tokenRequest(client.clientId, secret, {
          grant_type: 'refresh_token',
          refresh_token: first.refreshToken!,
        }),
      );
    const ok = await refresh();
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string; refresh_token: string };
    const issued = await stores.tokens.findByAccessToken(digestToken(body.access_token));
    expect(issued).toMatchObject({ familyId: first.record.familyId, revokedAt: null });
    expect(issued!.refreshTokenDigest).toBe(digestToken(body.refresh_token));

    const replay = await refresh();
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    const raw = createRawReader(redis, prefix);
    expect((await raw.token(digestToken(body.access_token)))!.revoked).toBe(true);
    expect((await raw.token(first.record.accessTokenDigest))!.rotated).toBe(true);

    // The newest refresh token is dead too.
    const after = await server.createTokenResponse(
      tokenRequest(client.clientId, secret, {
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token,
      }),
    );
    expect(after.status).toBe(400);
    const dump = await raw.dump();
    for (const value of [first.accessToken, first.refreshToken, body.access_token, secret]) {
      expect(dump).not.toContain(value);
    }
  });

  it('issues client_credentials tokens into Redis with a TTL', async () => {
    const stores = createRedisStores(redis, { prefix });
    const server = createAuthorizationServer({ ...stores, config: { issuer: ISSUER } });
    const { record: client, secret } = makeClient({
      metadata: {
        ...makeClient().record.metadata,
        grantTypes: ['client_credentials'],
        scope: 'reports',
      },
    });
    await stores.clients.saveClient(client);
    const response = await server.createTokenResponse(
      tokenRequest(client.clientId, secret, { grant_type: 'client_credentials', scope: 'reports' }),
    );
    expect(response.status).toBe(200);
    const { access_token: accessToken, expires_in: expiresIn } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    const record = await stores.tokens.findByAccessToken(digestToken(accessToken));
    expect(record).toMatchObject({ clientId: client.clientId, refreshTokenDigest: null });
    const pttl = await redis.pttl(`${prefix}access:${digestToken(accessToken)}`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(expiresIn * 1000);
    expect(await stores.tokens.findByAccessToken(digestToken(generateToken()))).toBeNull();
  });
});
