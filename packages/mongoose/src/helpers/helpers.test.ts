import {
  createClient,
  digestToken,
  generateId,
  generateToken,
  type OAuth2Request,
  userFromId,
} from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { at, clientRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { createQueryClient } from './create-query-client.js';
import { createSaveToken } from './create-save-token.js';

describe('createQueryClient', () => {
  it('reads the client by id from oauth_clients, and a store failure rejects', async () => {
    const { connection, sent } = createOfflineConnection();
    await expect(createQueryClient(connection)('app')).rejects.toThrow(/oauth_clients\.findOne/);
    expect(sent).toEqual([
      { collection: 'oauth_clients', method: 'findOne', params: [{ clientId: 'app' }, {}] },
    ]);
  });
});

describe('createSaveToken', () => {
  it('inserts the digests of the issued tokens into oauth_tokens, never the tokens', async () => {
    const { connection, sent } = createOfflineConnection();
    const token = {
      accessToken: generateToken(),
      tokenType: 'Bearer' as const,
      expiresIn: 3600,
      scope: 'openid',
      refreshToken: generateToken(),
      refreshTokenExpiresIn: null,
    };
    const familyId = generateId();
    const save = createSaveToken(connection);
    await expect(
      save(token, {
        client: createClient(clientRecord({ clientId: 'app' })),
        user: userFromId('user-7'),
        grantType: 'authorization_code',
        familyId,
        issuedAt: at(0),
        request: {} as OAuth2Request,
      }),
    ).rejects.toThrow(/oauth_tokens\.insertOne/);
    expect(sent).toHaveLength(1);
    const inserted = sent[0]!.params[0] as Record<string, unknown>;
    expect(inserted).toMatchObject({
      accessTokenDigest: digestToken(token.accessToken),
      refreshTokenDigest: digestToken(token.refreshToken),
      familyId,
      clientId: 'app',
      userId: 'user-7',
      accessTokenExpiresAt: at(3600),
      refreshTokenExpiresAt: null,
      expireAt: null,
    });
    const json = JSON.stringify(inserted);
    expect(json).not.toContain(token.accessToken);
    expect(json).not.toContain(token.refreshToken);
  });
});
