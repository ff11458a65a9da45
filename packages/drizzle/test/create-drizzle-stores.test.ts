import { createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

const record = {
  accessTokenDigest: 'a'.repeat(64),
  refreshTokenDigest: 'b'.repeat(64),
  familyId: 'family',
  clientId: 'client',
  userId: null,
  scope: '',
  tokenType: 'Bearer',
  grantType: 'client_credentials',
  issuedAt: new Date(),
  accessTokenExpiresAt: new Date(Date.now() + 60_000),
  refreshTokenExpiresAt: null,
  revokedAt: null,
  rotatedAt: null,
  extensions: {},
};

const postgres = await getServiceUrl('postgres');

describe('createDrizzleStores', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a plain object', {}],
    ['a driver client instead of its drizzle database', new Database(':memory:')],
  ])('throws a TypeError for %s', (_, db) => {
    expect(() => createDrizzleStores(db as never)).toThrow(TypeError);
    expect(() => createDrizzleStores(db as never)).toThrow(/expected a drizzle database/);
  });

  it('rejects, never throws, when the database fails (SQLite closed)', async () => {
    const sqlite = new Database(':memory:');
    const db = drizzleSqlite({ client: sqlite });
    migrateSqlite(db, { migrationsFolder: migrationsFolder('sqlite') });
    const stores = createDrizzleStores(db);
    sqlite.close();
    // Calling must not throw synchronously: the server awaits and turns rejections into 503.
    const calls = [
      stores.clients.findClient('client'),
      stores.tokens.saveToken(record),
      stores.tokens.rotateRefreshToken(record.refreshTokenDigest, record, new Date()),
      stores.tokens.revokeFamily('family', new Date()),
      stores.codes.consumeCode('code', new Date()),
    ];
    for (const call of calls) await expect(call).rejects.toThrow();
  });

  it.skipIf('skip' in postgres)(
    'rejects when the tables are missing (PostgreSQL, not migrated)',
    async () => {
      const url = (postgres as { url: string }).url;
      const database = await createTestDatabase('postgres', url, 'drizzle-unmigrated');
      const client = new pg.Pool({ connectionString: database.url, max: 2 });
      try {
        const stores = createDrizzleStores(drizzlePg({ client }));
        await expect(stores.tokens.findByAccessToken('x')).rejects.toThrow(/oauth_tokens/);
        await expect(
          stores.tokens.rotateRefreshToken(record.refreshTokenDigest, record, new Date()),
        ).rejects.toThrow(/oauth_tokens/);
      } finally {
        client.on('error', () => {});
        await client.end();
        await database.drop();
      }
    },
  );
});

describe('migrationsFolder', () => {
  it('points at the committed folder of each dialect', () => {
    for (const dialect of ['pg', 'mysql', 'sqlite'] as const) {
      expect(migrationsFolder(dialect)).toMatch(new RegExp(`/migrations/${dialect}$`));
    }
  });

  it('throws a TypeError for an unknown dialect', () => {
    expect(() => migrationsFolder('oracle' as never)).toThrow(TypeError);
  });
});
