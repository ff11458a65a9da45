import {
  CLEANUP_NOW,
  createTestDatabase,
  explainPostgres,
  getServiceUrl,
  indexNames,
  seedPostgres,
  seqScansOnExpiry,
  type TestDatabase,
} from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, type DrizzleDatabase, migrationsFolder } from '../src/index.js';

// The statements deleteExpired sends, exactly as deleteInBatches builds them, reach the
// expired rows through the expiry indexes of the committed migrations, not through a scan of
// the table.

interface Statement {
  query: string;
  params: unknown[];
}

/** A logger for drizzle that keeps the DELETE statements. */
function recordDeletes(): Logger & { deletes: Statement[] } {
  const deletes: Statement[] = [];
  return {
    deletes,
    logQuery(query, params) {
      if (/^delete /i.test(query)) deletes.push({ query, params });
    },
  };
}

/** The DELETE statements of one cleanup, run on the still empty tables (deleting nothing). */
async function cleanupStatements(db: DrizzleDatabase, deletes: Statement[]) {
  const stores = createDrizzleStores(db);
  await stores.tokens.deleteExpired(CLEANUP_NOW);
  await stores.codes.deleteExpired(CLEANUP_NOW);
  await stores.deviceCodes.deleteExpired(CLEANUP_NOW);
  const on = (table: string) => {
    const found = deletes.filter((s) =>
      new RegExp(`^delete from \\S*\\b${table}\\b`).test(s.query),
    );
    expect(found, `one DELETE on ${table}`).toHaveLength(1);
    return found[0]!;
  };
  return {
    tokens: on('oauth_tokens'),
    codes: on('oauth_authorization_codes'),
    deviceCodes: on('oauth_device_codes'),
  };
}

const postgres = await getServiceUrl('postgres');

describe.skipIf('skip' in postgres)('drizzle/pg: the cleanup uses the expiry indexes', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const pgQuery = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
  let tokens: Statement;
  let codes: Statement;

  beforeAll(async () => {
    database = await createTestDatabase(
      'postgres',
      (postgres as { url: string }).url,
      'drizzle-plans',
    );
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const logger = recordDeletes();
    const db = drizzlePg({ client: pool, logger });
    await migratePg(db, { migrationsFolder: migrationsFolder('pg') });
    ({ tokens, codes } = await cleanupStatements(db, logger.deletes));
  });
  afterAll(async () => {
    pool?.on('error', () => {});
    await pool?.end();
    await database?.drop();
  });

  it('tokens mostly with refresh tokens: NULL refresh digests OR the refresh expiry range', async () => {
    await pool.query(seedPostgres({ withRefresh: 3960, withoutRefresh: 40 }, 3000));
    const plan = await explainPostgres(pgQuery, tokens.query, tokens.params);
    expect(indexNames(plan)).toEqual(
      expect.arrayContaining([
        'oauth_tokens_refresh_token_digest_key',
        'oauth_tokens_refresh_token_expires_at_idx',
      ]),
    );
    expect(seqScansOnExpiry(plan)).toEqual([]);
  });

  it('tokens mostly from client_credentials: the access expiry range', async () => {
    await pool.query(seedPostgres({ withRefresh: 400, withoutRefresh: 3600 }, 3000));
    const plan = await explainPostgres(pgQuery, tokens.query, tokens.params);
    expect(indexNames(plan)).toContain('oauth_tokens_access_token_expires_at_idx');
    expect(seqScansOnExpiry(plan)).toEqual([]);
  });

  it('codes: the expiry range', async () => {
    await pool.query(seedPostgres({ withRefresh: 3960, withoutRefresh: 40 }, 3000));
    const plan = await explainPostgres(pgQuery, codes.query, codes.params);
    expect(indexNames(plan)).toContain('oauth_authorization_codes_expires_at_idx');
    expect(seqScansOnExpiry(plan)).toEqual([]);
  });
});

describe('drizzle/sqlite: the cleanup uses the expiry indexes', () => {
  let sqlite: Database.Database;
  let tokens: Statement;
  let codes: Statement;
  let deviceCodes: Statement;

  beforeAll(async () => {
    sqlite = new Database(':memory:');
    const logger = recordDeletes();
    const db = drizzleSqlite({ client: sqlite, logger });
    migrateSqlite(db, { migrationsFolder: migrationsFolder('sqlite') });
    ({ tokens, codes, deviceCodes } = await cleanupStatements(db, logger.deletes));
  });
  afterAll(() => sqlite?.close());

  // SQLite plans without statistics here: what it can use, not what data would favour.
  const plan = ({ query, params }: Statement) =>
    (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map(
      (r) => r.detail,
    );

  it('tokens: searched through an expiry index, never scanned', () => {
    const details = plan(tokens);
    expect(details.join('\n')).toMatch(
      /USING INDEX oauth_tokens_(access|refresh)_token_expires_at_idx/,
    );
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('codes: searched through the expiry index, never scanned', () => {
    const details = plan(codes);
    expect(details.join('\n')).toMatch(/USING INDEX oauth_authorization_codes_expires_at_idx/);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('device codes: searched through the expiry index, never scanned', () => {
    const details = plan(deviceCodes);
    expect(details.join('\n')).toMatch(/USING INDEX oauth_device_codes_expires_at_idx/);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });
});
