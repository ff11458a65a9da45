import {
  type ClientJwks,
  createAuthorizationServer,
  createPrivateKeyJwtMethod,
  createSigningKeySet,
  generateId,
  generateSigningJwk,
  JWT_BEARER_ASSERTION_TYPE,
} from '@oauthkit/core';
import { createRedisReplayStore, createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, escapeGlob, scanKeys } from './helpers/raw-redis.js';
import { REDIS_URL } from './helpers/redis-url.js';

const ISSUER = 'https://auth.example.com';
const prefix = redisKeyPrefix('redis-private-key-jwt');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('private_key_jwt over the Redis replay store', () => {
  it('50 concurrent requests with one assertion: exactly one accepted (rule 36)', async () => {
    // Two servers over one Redis: the assertion's jti is shared state, not per process.
    const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
    try {
      const clientKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
      const clientId = `client-${generateId()}`;
      const servers = connections.map((connection) => {
        const server = createAuthorizationServer({
          ...createRedisStores(connection, { prefix }),
          config: { issuer: ISSUER },
        });
        server.registerClientAuthMethod(
          createPrivateKeyJwtMethod({
            replayStore: createRedisReplayStore(connection, { prefix }),
          }),
        );
        return server;
      });
      await createRedisStores(redis, { prefix }).clients.saveClient({
        clientId,
        clientSecretDigest: null,
        clientIdIssuedAt: new Date(),
        clientSecretExpiresAt: null,
        metadata: {
          redirectUris: [],
          grantTypes: ['client_credentials'],
          responseTypes: [],
          scope: '',
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks: clientKeys.jwks() as ClientJwks,
        },
      });
      const now = Math.floor(Date.now() / 1000);
      const jti = generateId();
      const assertion = await clientKeys.sign(
        { iss: clientId, sub: clientId, aud: ISSUER, jti, iat: now, exp: now + 60 },
        { typ: 'JWT' },
      );
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: assertion,
      }).toString();
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          servers[i % 2]!.createTokenResponse(
            new Request(`${ISSUER}/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body,
            }),
          ),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(49);
      // One key for the jti, named by a digest: the jti itself is not stored.
      const replayKeys = await scanKeys(redis, `${escapeGlob(prefix)}replay:*`);
      expect(replayKeys).toHaveLength(1);
      expect(replayKeys[0]).toMatch(/replay:client_assertion:[0-9a-f]{64}$/);
      expect(replayKeys[0]).not.toContain(jti);
      const ttl = await redis.pttl(replayKeys[0]!);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(90_000);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });
});
