import { generateId } from '@oauthkit/core';
import { createTestDatabase, getServiceUrl, type TestDatabase } from '@oauthkit/store-tests';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores, prismaStatementNames } from '../src/index.js';
import { importGeneratedClient, type TestPrismaClient } from './support/generated-client.js';
import { migrationSql } from './support/raw-database.js';
import { at, tokenRecord } from './support/test-records.js';

// With `prismaStatementNames` as the adapter's statement name generator, the stores' raw
// PostgreSQL statements are prepared once per connection under their names, and nothing else
// is named. One connection, so the session's prepared statements are the pool's.

const service = await getServiceUrl('postgres');
let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
let prisma: (TestPrismaClient & { $disconnect(): Promise<void> }) | undefined;

afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end().catch(() => {});
  await db?.drop();
});

describe.skipIf('skip' in service)('prismaStatementNames on PostgreSQL', () => {
  it('names the stores statements, each prepared once, and no other query', async () => {
    db = await createTestDatabase('postgres', (service as { url: string }).url, 'prisma_names');
    const setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query(migrationSql('postgresql')).finally(() => setup.end());
    const { PrismaClient } = await importGeneratedClient('postgresql');
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
    pool.on('error', () => {});
    prisma = new PrismaClient({
      adapter: new PrismaPg(pool, { statementNameGenerator: prismaStatementNames }),
    }) as never;
    const stores = createPrismaStores(prisma!);
    await stores.clients.saveClient({
      clientId: 'names-client',
      clientSecretDigest: null,
      clientIdIssuedAt: at(0),
      clientSecretExpiresAt: null,
      metadata: {
        redirectUris: ['https://app.example/cb'],
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
        scope: 'openid',
        tokenEndpointAuthMethod: 'none',
      },
    });
    const prepared = async () =>
      (
        await pool!.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')
      ).rows.map((r) => r.name);

    const round = async () => {
      expect(await stores.clients.findClient('names-client')).not.toBeNull();
      const familyId = generateId();
      const first = tokenRecord('names-client', familyId);
      await stores.tokens.saveToken(first);
      expect(await stores.tokens.findByAccessToken(first.accessTokenDigest)).toEqual(first);
      expect(await stores.tokens.findByRefreshToken(first.refreshTokenDigest!)).toEqual(first);
      const next = tokenRecord('names-client', familyId);
      expect(await stores.tokens.rotateRefreshToken(first.refreshTokenDigest!, next, at(2))).toBe(
        true,
      );
      expect(await stores.tokens.revokeAccessToken(next.accessTokenDigest, at(3))).toBe(true);
      const code = {
        codeDigest: generateId(),
        clientId: 'names-client',
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
      const issued = tokenRecord('names-client', code.familyId, false);
      const redeemed = await stores.codes.redeemCode!(
        code.codeDigest,
        at(4),
        issued,
        stores.tokens,
      );
      expect(redeemed?.status).toBe('consumed');
      expect((await stores.codes.consumeCode(code.codeDigest, at(5))).status).toBe('replayed');
    };

    await round();
    const afterOne = await prepared();
    // client, access and refresh lookups, token insert, rotation, revocation, code lookup,
    // redemption, consumption.
    expect(afterOne.length).toBeGreaterThanOrEqual(9);
    expect(afterOne.every((name) => name.startsWith('oauthkit_'))).toBe(true);
    // A query of the app's own is sent unnamed.
    const raw = prisma as unknown as { $queryRawUnsafe(sql: string): Promise<unknown> };
    await raw.$queryRawUnsafe('SELECT 1 AS one');
    await round();
    expect(await prepared(), 'a second round prepares nothing new').toEqual(afterOne);
  });
});
