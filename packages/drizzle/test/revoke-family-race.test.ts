import { setTimeout as sleep } from 'node:timers/promises';
import { generateId, type TokenRecord } from '@oauthkit/core';
import {
  createRecordFactory,
  createTestDatabase,
  getServiceUrl,
  type TestDatabase,
} from '@oauthkit/store-tests';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

// The interleaving the conformance suite can only hope to hit, forced: a rotation has
// locked the old row and inserted its successor, but not committed, when revokeFamily
// starts. The family UPDATE blocks on the locked row; once the rotation commits, it
// re-checks only that row (now revoked: skipped) and never sees the successor, which
// was not in its snapshot. An UPDATE re-run "until it touches 0 rows" stops right there,
// leaving the successor active.

const ROTATE_SQL = (p: (n: number) => string) => ({
  update: `UPDATE oauth_tokens SET rotated_at = ${p(1)}, revoked_at = ${p(2)} WHERE access_token_digest = ${p(3)}`,
  insert:
    'INSERT INTO oauth_tokens (access_token_digest, refresh_token_digest, family_id, client_id, ' +
    'scope, token_type, grant_type, issued_at, access_token_expires_at) VALUES ' +
    `(${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
});

function token(familyId: string): TokenRecord {
  return createRecordFactory('second', 'race-client', Date.now()).token({
    familyId,
    grantType: 'refresh_token',
    refreshTokenExpiresAt: null,
  }).record;
}

const insertParams = (t: TokenRecord) => [
  t.accessTokenDigest,
  t.refreshTokenDigest,
  t.familyId,
  t.clientId,
  t.scope,
  t.tokenType,
  t.grantType,
  t.issuedAt,
  t.accessTokenExpiresAt,
];

// Generous: on a loaded two-core CI machine a lock wait can take seconds to show up.
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const postgres = await getServiceUrl('postgres');
describe.skipIf('skip' in postgres)(
  'revokeFamily against a rotation holding its lock: PostgreSQL',
  () => {
    let database: TestDatabase;
    let pool: pg.Pool;
    beforeAll(async () => {
      database = await createTestDatabase(
        'postgres',
        (postgres as { url: string }).url,
        'drizzle-race',
      );
      pool = new pg.Pool({ connectionString: database.url, max: 4 });
      await migratePg(drizzlePg({ client: pool }), { migrationsFolder: migrationsFolder('pg') });
    });
    afterAll(async () => {
      pool.on('error', () => {});
      await pool.end();
      await database.drop();
    });

    // The interleaving is forced, so a real bug fails every attempt; a retry only absorbs a
    // lock wait that a loaded machine did not show within the polling window.
    it('revokes the token the rotation inserted', { timeout: 60_000, retry: 2 }, async () => {
      const stores = createDrizzleStores(drizzlePg({ client: pool }));
      const familyId = generateId();
      const old = token(familyId);
      const next = token(familyId);
      await stores.tokens.saveToken(old);
      const sql = ROTATE_SQL((n) => `$${n}`);
      const now = new Date();
      let revoking: Promise<number> | undefined;
      let committed = false;
      const rotation = await pool.connect();
      try {
        await rotation.query('BEGIN');
        await rotation.query(sql.update, [now, now, old.accessTokenDigest]);
        await rotation.query(sql.insert, insertParams(next));
        revoking = stores.tokens.revokeFamily(familyId, new Date());
        await until(async () => {
          const { rows } = await pool.query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
            [database.name],
          );
          return rows.length > 0;
        }, 'revokeFamily to wait on the rotation');
        await rotation.query('COMMIT');
        committed = true;
        expect(await revoking).toBe(1);
      } finally {
        // On a failure, end the rotation so its locks do not outlive the test.
        if (!committed) await rotation.query('ROLLBACK');
        await revoking?.catch(() => {});
        rotation.release();
      }
      const { rows } = await pool.query(
        'SELECT revoked_at FROM oauth_tokens WHERE family_id = $1 AND revoked_at IS NULL',
        [familyId],
      );
      expect(rows).toEqual([]);
    });
  },
);

const mariadb = await getServiceUrl('mysql');
describe.skipIf('skip' in mariadb)(
  'revokeFamily against a rotation holding its lock: MariaDB',
  () => {
    let database: TestDatabase;
    let pool: mysql.Pool;
    beforeAll(async () => {
      database = await createTestDatabase(
        'mysql',
        (mariadb as { url: string }).url,
        'drizzle-race',
      );
      pool = mysql.createPool({ uri: database.url, connectionLimit: 4 });
      await migrateMysql(drizzleMysql({ client: pool }), {
        migrationsFolder: migrationsFolder('mysql'),
      });
    });
    afterAll(async () => {
      await pool.end();
      await database.drop();
    });

    // The interleaving is forced, so a real bug fails every attempt; a retry only absorbs a
    // lock wait that a loaded machine did not show within the polling window.
    it('revokes the token the rotation inserted', { timeout: 60_000, retry: 2 }, async () => {
      const stores = createDrizzleStores(drizzleMysql({ client: pool }));
      const familyId = generateId();
      const old = token(familyId);
      const next = token(familyId);
      await stores.tokens.saveToken(old);
      const sql = ROTATE_SQL(() => '?');
      const now = new Date();
      let revoking: Promise<number> | undefined;
      let committed = false;
      const rotation = await pool.getConnection();
      try {
        await rotation.query('BEGIN');
        await rotation.query(sql.update, [now, now, old.accessTokenDigest]);
        await rotation.query(sql.insert, insertParams(next));
        revoking = stores.tokens.revokeFamily(familyId, new Date());
        await until(async () => {
          // Other test files share the server: only a wait inside this database counts.
          const [rows] = await pool.query(
            'SELECT 1 FROM information_schema.innodb_trx t JOIN information_schema.processlist p ' +
              "ON p.id = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.db = ?",
            [database.name],
          );
          if ((rows as unknown[]).length > 0) return true;
          // MariaDB does not always list an autocommit statement's transaction in innodb_trx
          // while it waits: its UPDATE then shows in the processlist, still "Updating" after
          // 200 ms on a table of a few rows, which only a lock held by the rotation explains.
          const [waiting] = await pool.query(
            'SELECT 1 FROM information_schema.processlist WHERE db = ? AND ' +
              "state = 'Updating' AND info LIKE 'update `oauth_tokens` set `revoked_at`%' " +
              'AND time_ms > 200',
            [database.name],
          );
          return (waiting as unknown[]).length > 0;
        }, 'revokeFamily to wait on the rotation');
        await rotation.query('COMMIT');
        committed = true;
        expect(await revoking).toBe(1);
      } finally {
        // On a failure, end the rotation so its locks do not outlive the test.
        if (!committed) await rotation.query('ROLLBACK');
        await revoking?.catch(() => {});
        rotation.release();
      }
      const [rows] = await pool.query(
        'SELECT revoked_at FROM oauth_tokens WHERE family_id = ? AND revoked_at IS NULL',
        [familyId],
      );
      expect(rows).toEqual([]);
    });
  },
);
