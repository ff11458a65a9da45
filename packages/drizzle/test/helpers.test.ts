import {
  createAuthorizationServer,
  digestSecret,
  digestToken,
  generateToken,
  OAuth2Error,
} from '@oauthkit/core';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBearerTokenValidator,
  createDrizzleStores,
  createQueryClient,
  createRevocationEndpoint,
  createSaveToken,
  migrationsFolder,
} from '../src/index.js';

const ISSUER = 'https://as.example';

// A server wired piece by piece, Authlib style: no `tokens` store handed to the server, so
// issuing, validating and revoking only work through the helpers' own database access.
describe('helpers: a server wired piece by piece', () => {
  const sqlite = new Database(':memory:');
  const db = drizzle({ client: sqlite });
  const secret = generateToken();
  const basic = `Basic ${Buffer.from(`machine:${secret}`).toString('base64')}`;
  const form = (body: Record<string, string>, path: string) =>
    new Request(`${ISSUER}${path}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });

  beforeAll(async () => {
    migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
    await createDrizzleStores(db).clients.saveClient({
      clientId: 'machine',
      clientSecretDigest: digestSecret(secret),
      clientIdIssuedAt: new Date(),
      clientSecretExpiresAt: null,
      metadata: {
        redirectUris: [],
        grantTypes: ['client_credentials'],
        responseTypes: [],
        scope: 'read',
        tokenEndpointAuthMethod: 'client_secret_basic',
      },
    });
  });
  afterAll(() => sqlite.close());

  it('issues, validates and revokes a token in the drizzle database', async () => {
    const server = createAuthorizationServer({
      queryClient: createQueryClient(db),
      saveToken: createSaveToken(db),
      config: { issuer: ISSUER },
    });
    server.registerEndpoint(createRevocationEndpoint(db));

    const issued = await server.createTokenResponse(
      form({ grant_type: 'client_credentials', scope: 'read' }, '/token'),
    );
    expect(issued.status).toBe(200);
    const { access_token: accessToken } = (await issued.json()) as { access_token: string };
    const row = sqlite
      .prepare(
        'SELECT client_id, scope, revoked_at FROM oauth_tokens WHERE access_token_digest = ?',
      )
      .get(digestToken(accessToken));
    expect(row).toEqual({ client_id: 'machine', scope: 'read', revoked_at: null });

    const validate = createBearerTokenValidator(db, { realm: 'api' });
    const bearer = { headers: new Headers({ authorization: `Bearer ${accessToken}` }) };
    expect((await validate(bearer, ['read'])).getClientId()).toBe('machine');

    const revoked = await server.createEndpointResponse(
      'revocation',
      form({ token: accessToken, token_type_hint: 'access_token' }, '/revoke'),
    );
    expect(revoked.status).toBe(200);
    expect(
      sqlite
        .prepare('SELECT revoked_at FROM oauth_tokens WHERE access_token_digest = ?')
        .get(digestToken(accessToken)),
    ).toEqual({ revoked_at: expect.any(Number) });
    const refused = await validate(bearer).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OAuth2Error);
    expect((refused as OAuth2Error).status).toBe(401);
  });

  it('createQueryClient finds the client and null for an unknown id', async () => {
    const queryClient = createQueryClient(db);
    expect((await queryClient('machine'))?.checkClientSecret(secret)).toBe(true);
    expect(await queryClient('nobody')).toBeNull();
  });

  it('every helper throws a TypeError for something that is not a drizzle database', () => {
    for (const create of [
      createQueryClient,
      createSaveToken,
      createRevocationEndpoint,
      createBearerTokenValidator,
    ]) {
      expect(() => create({} as never)).toThrow(TypeError);
    }
  });
});
