import { generateId, type Stores, type TokenRecord } from '@oauthkit/core';
import {
  createRecordFactory,
  createTestDatabase,
  getServiceUrl,
  type TestDatabase,
} from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

// The contract: arguments it does not allow reject with a TypeError and never widen the
// operation. Checked on the synchronous (better-sqlite3) and asynchronous (node-postgres)
// transaction paths; the SQL itself is the same shared code for every dialect.

function token(familyId = generateId()): TokenRecord {
  return createRecordFactory('second', 'client', Date.now()).token({
    familyId,
    refreshTokenExpiresAt: null,
  }).record;
}

interface Target {
  stores: Stores;
  close(): Promise<void>;
}

const postgres = await getServiceUrl('postgres');

const targets: [string, (() => Promise<Target>) | null][] = [
  [
    'better-sqlite3',
    async () => {
      const sqlite = new Database(':memory:');
      const db = drizzleSqlite({ client: sqlite });
      migrateSqlite(db, { migrationsFolder: migrationsFolder('sqlite') });
      return {
        stores: createDrizzleStores(db),
        async close() {
          sqlite.close();
        },
      };
    },
  ],
  [
    'node-postgres',
    'skip' in postgres
      ? null
      : async () => {
          const database: TestDatabase = await createTestDatabase(
            'postgres',
            postgres.url,
            'drizzle-args',
          );
          const pool = new pg.Pool({ connectionString: database.url, max: 2 });
          const db = drizzlePg({ client: pool });
          await migratePg(db, { migrationsFolder: migrationsFolder('pg') });
          return {
            stores: createDrizzleStores(db),
            async close() {
              pool.on('error', () => {});
              await pool.end();
              await database.drop();
            },
          };
        },
  ],
];

describe.each(targets)('caller mistakes on %s', (_, open) => {
  let target: Target;
  beforeAll(async () => {
    if (open) target = await open();
  });
  afterAll(() => target?.close());

  it.skipIf(!open)('reject with a TypeError and change nothing', async () => {
    const { tokens, codes, clients } = target.stores;
    const stored = token();
    await tokens.saveToken(stored);
    const now = new Date();
    const mistakes: [string, () => Promise<unknown>][] = [
      [
        'revokeAccessToken without now',
        () => tokens.revokeAccessToken(stored.accessTokenDigest, undefined as never),
      ],
      ['revokeAccessToken with an empty digest', () => tokens.revokeAccessToken('', now)],
      ['revokeFamily without a family', () => tokens.revokeFamily(undefined as never, now)],
      [
        'revokeFamily with an invalid Date',
        () => tokens.revokeFamily(stored.familyId, new Date(Number.NaN)),
      ],
      ['findByAccessToken without a digest', () => tokens.findByAccessToken(undefined as never)],
      ['findByRefreshToken with an empty digest', () => tokens.findByRefreshToken('')],
      [
        'saveToken with an empty access digest',
        () => tokens.saveToken({ ...token(), accessTokenDigest: '' }),
      ],
      [
        'rotateRefreshToken without a digest',
        () => tokens.rotateRefreshToken(undefined as never, token(stored.familyId), now),
      ],
      ['consumeCode without now', () => codes.consumeCode('x', undefined as never)],
      ['findCode with an empty digest', () => codes.findCode('')],
      ['findClient without an id', () => clients.findClient(undefined as never)],
      ['deleteClient with an empty id', () => clients.deleteClient('')],
    ];
    for (const [what, call] of mistakes) {
      await expect(call(), what).rejects.toThrow(TypeError);
    }
    expect(await tokens.findByAccessToken(stored.accessTokenDigest)).toEqual(stored);
  });

  it.skipIf(!open)(
    'rotating into another family rejects with a TypeError and writes nothing',
    async () => {
      const { tokens } = target.stores;
      const old = token();
      const stranger = token();
      await tokens.saveToken(old);
      await expect(
        tokens.rotateRefreshToken(old.refreshTokenDigest!, stranger, new Date()),
      ).rejects.toThrow(TypeError);
      expect(await tokens.findByAccessToken(old.accessTokenDigest)).toEqual(old);
      expect(await tokens.findByAccessToken(stranger.accessTokenDigest)).toBeNull();
      // The same-family rotation still works afterwards.
      const next = token(old.familyId);
      expect(await tokens.rotateRefreshToken(old.refreshTokenDigest!, next, new Date())).toBe(true);
    },
  );
});
