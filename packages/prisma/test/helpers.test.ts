import {
  createAuthorizationServer,
  digestSecret,
  digestToken,
  generateToken,
  InsufficientScopeError,
  InvalidTokenError,
  withMetadataDefaults,
} from '@oauthkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBearerTokenValidator,
  createPrismaClientStore,
  createQueryClient,
  createRevocationEndpoint,
  createSaveToken,
} from '../src/index.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// The Authlib-style helpers, wired into a real server over a SQLite file: the server gets
// only queryClient and saveToken, and every token read or revocation goes through Prisma.
const ISSUER = 'https://auth.example.com';
const secret = generateToken();
const basic = `Basic ${Buffer.from(`svc:${secret}`).toString('base64')}`;

function post(path: string, form: Record<string, string>): Request {
  return new Request(`${ISSUER}/${path}`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

describe('createQueryClient, createSaveToken, createRevocationEndpoint, createBearerTokenValidator', () => {
  let db: PrismaTestDatabase;
  beforeAll(async () => {
    db = await createPrismaTestDatabase('sqlite', '', 'prisma_helpers');
    await createPrismaClientStore(db.prisma).saveClient({
      clientId: 'svc',
      clientSecretDigest: digestSecret(secret),
      clientIdIssuedAt: new Date(),
      clientSecretExpiresAt: null,
      metadata: withMetadataDefaults({ grantTypes: ['client_credentials'], scope: 'read write' }),
    });
  });
  afterAll(async () => db?.drop());

  it('createQueryClient finds clients through Prisma, and null for unknown ids', async () => {
    const queryClient = createQueryClient(db.prisma);
    const client = await queryClient('svc');
    expect(client?.checkClientSecret(secret)).toBe(true);
    expect(client?.checkClientSecret(`${secret}x`)).toBe(false);
    expect(await queryClient('nobody')).toBeNull();
  });

  it('issue, validate, revoke, refuse: a whole token life over the Prisma helpers', async () => {
    const server = createAuthorizationServer({
      queryClient: createQueryClient(db.prisma),
      saveToken: createSaveToken(db.prisma),
      config: { issuer: ISSUER },
    });
    server.registerEndpoint(createRevocationEndpoint(db.prisma));

    const issued = await server.createTokenResponse(
      post('token', { grant_type: 'client_credentials', scope: 'read' }),
    );
    const body = (await issued.json()) as { access_token: string };
    expect(issued.status, JSON.stringify(body)).toBe(200);
    const accessToken = body.access_token;
    const [row] = await db.raw.query('SELECT * FROM oauth_tokens');
    expect(row).toMatchObject({ access_token_digest: digestToken(accessToken), client_id: 'svc' });
    expect(JSON.stringify(row)).not.toContain(accessToken);

    const validate = createBearerTokenValidator(db.prisma, { realm: 'api' });
    const request = { headers: new Headers({ authorization: `Bearer ${accessToken}` }) };
    expect((await validate(request, ['read'])).getClientId()).toBe('svc');
    await expect(validate(request, ['write'])).rejects.toBeInstanceOf(InsufficientScopeError);

    const revoked = await server.createEndpointResponse(
      'revocation',
      post('revoke', { token: accessToken }),
    );
    expect(revoked.status).toBe(200);
    const [after] = await db.raw.query('SELECT revoked_at FROM oauth_tokens');
    expect(after?.revoked_at).not.toBeNull();
    await expect(validate(request, ['read'])).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
