import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import { importGeneratedClient } from './support/generated-client.js';
import {
  INIT_MIGRATION,
  MIGRATIONS,
  migrationFileSql,
  openSqlite,
} from './support/raw-database.js';

const dir = mkdtempSync(join(tmpdir(), 'oauthkit-prisma-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading a database migrated with the first release', () => {
  it('SQLite: after the later migrations, rows written before them read extensions {} and no registration access token', async () => {
    const file = join(dir, 'oauthkit.db');
    const raw = openSqlite(file);
    try {
      await raw.exec(migrationFileSql('sqlite', INIT_MIGRATION));
      // Rows as the first release wrote them: no extensions column yet.
      await raw.exec(
        `INSERT INTO oauth_tokens (access_token_digest, refresh_token_digest, family_id,
           client_id, user_id, scope, token_type, grant_type, issued_at, access_token_expires_at)
         VALUES ('a1', 'r1', 'f1', 'c1', 'u1', 'openid', 'Bearer', 'authorization_code',
           1767225600000, 1767229200000);
         INSERT INTO oauth_authorization_codes (code_digest, client_id, user_id, scope,
           family_id, issued_at, expires_at)
         VALUES ('k1', 'c1', 'u1', 'openid', 'f1', 1767225600000, 1767226200000);
         INSERT INTO oauth_clients (client_id, client_secret_digest, client_id_issued_at,
           metadata)
         VALUES ('c1', NULL, 1767225600000, '{"redirectUris":[],"grantTypes":[],"responseTypes":[],"scope":"","tokenEndpointAuthMethod":"none"}');`,
      );
      for (const m of MIGRATIONS.slice(1)) await raw.exec(migrationFileSql('sqlite', m));
      const { PrismaClient } = await importGeneratedClient('sqlite');
      const prisma = new PrismaClient({
        adapter: new PrismaBetterSqlite3({ url: `file:${file}` }),
      });
      try {
        const stores = createPrismaStores(prisma);
        expect((await stores.tokens.findByAccessToken('a1'))?.extensions).toEqual({});
        expect((await stores.tokens.findByRefreshToken('r1'))?.extensions).toEqual({});
        expect((await stores.codes.findCode('k1'))?.extensions).toEqual({});
        const consumed = await stores.codes.consumeCode('k1', new Date());
        expect(consumed).toMatchObject({ status: 'consumed', code: { extensions: {} } });
        // The client registration migration: an older client reads without a registration
        // access token, and the new method revokes the older tokens.
        const client = await stores.clients.findClient('c1');
        expect(client).not.toBeNull();
        expect(client).not.toHaveProperty('registrationAccessTokenDigest');
        expect(await stores.tokens.revokeClientTokens!('c1', new Date())).toBe(1);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await raw.close();
    }
  });
});
