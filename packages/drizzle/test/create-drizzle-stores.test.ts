import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
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
};

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

  it('rejects when the tables are missing (PGlite, not migrated)', async () => {
    const client = new PGlite();
    try {
      const stores = createDrizzleStores(drizzlePglite({ client }));
      await expect(stores.tokens.findByAccessToken('x')).rejects.toThrow(/oauth_tokens/);
      await expect(
        stores.tokens.rotateRefreshToken(record.refreshTokenDigest, record, new Date()),
      ).rejects.toThrow(/oauth_tokens/);
    } finally {
      await client.close();
    }
  });
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
