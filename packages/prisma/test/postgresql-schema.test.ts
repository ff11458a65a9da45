import { generateId, type TokenRecord } from '@oauthkit/core';
import { createTestDatabase, getServiceUrl, type TestDatabase } from '@oauthkit/store-tests';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import { importGeneratedClient, type TestPrismaClient } from './support/generated-client.js';
import { migrationSql } from './support/raw-database.js';
import { at, tokenRecord } from './support/test-records.js';

// On PostgreSQL the hot-path statements are raw SQL: they must name the tables in the schema
// Prisma's own queries use, the driver adapter's `schema` option. The tables live only in
// `auth` here, so a statement that named `public` (or relied on the search_path) would fail.

const service = await getServiceUrl('postgres');
let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
let prisma: (TestPrismaClient & { $disconnect(): Promise<void> }) | undefined;

afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end().catch(() => {});
  await db?.drop();
});

const token = (familyId: string, refresh: boolean): TokenRecord =>
  tokenRecord('schema-client', familyId, refresh);

describe.skipIf('skip' in service)('Prisma stores on PostgreSQL in a schema of their own', () => {
  it('every hot-path statement goes to the adapter schema', async () => {
    db = await createTestDatabase('postgres', (service as { url: string }).url, 'prisma_pg_schema');
    const setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    try {
      await setup.query('CREATE SCHEMA auth');
      await setup.query('SET search_path TO auth');
      await setup.query(migrationSql('postgresql').replaceAll('"public"', '"auth"'));
      const left = await setup.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'oauth_%'",
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await setup.end();
    }
    const { PrismaClient } = await importGeneratedClient('postgresql');
    pool = new pg.Pool({ connectionString: db.url });
    pool.on('error', () => {});
    prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 'auth' }) }) as never;
    const stores = createPrismaStores(prisma!);
    const metadata = {
      redirectUris: ['https://app.example/cb'],
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      scope: 'openid',
      tokenEndpointAuthMethod: 'none',
    };

    await stores.clients.saveClient({
      clientId: 'schema-client',
      clientSecretDigest: null,
      clientIdIssuedAt: at(0),
      clientSecretExpiresAt: null,
      metadata,
    });
    expect((await stores.clients.findClient('schema-client'))?.metadata).toEqual(metadata);

    const familyId = generateId();
    const first = token(familyId, true);
    await stores.tokens.saveToken(first);
    expect(await stores.tokens.findByAccessToken(first.accessTokenDigest)).toEqual(first);
    expect(await stores.tokens.findByRefreshToken(first.refreshTokenDigest!)).toEqual(first);
    const next = token(familyId, true);
    expect(await stores.tokens.rotateRefreshToken(first.refreshTokenDigest!, next, at(2))).toBe(
      true,
    );
    expect(await stores.tokens.revokeAccessToken(next.accessTokenDigest, at(3))).toBe(true);

    const code = {
      codeDigest: generateId(),
      clientId: 'schema-client',
      userId: 'user-1',
      redirectUri: null,
      scope: 'openid',
      codeChallenge: null,
      codeChallengeMethod: null,
      nonce: null,
      familyId: generateId(),
      issuedAt: at(0),
      expiresAt: at(600),
      consumedAt: null,
      replayedAt: null,
      extensions: {},
    };
    await stores.codes.saveCode(code);
    expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
    const issued = token(code.familyId, false);
    expect(await stores.codes.redeemCode!(code.codeDigest, at(4), issued, stores.tokens)).toEqual({
      status: 'consumed',
      code,
    });
    expect(await stores.tokens.findByAccessToken(issued.accessTokenDigest)).toEqual(issued);
    const other = { ...code, codeDigest: generateId() };
    await stores.codes.saveCode(other);
    expect((await stores.codes.consumeCode(other.codeDigest, at(5))).status).toBe('consumed');
  });
});
