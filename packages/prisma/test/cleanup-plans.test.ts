import {
  CLEANUP_NOW,
  explainPostgres,
  getServiceUrl,
  indexNames,
  seedPostgres,
  seqScansOnExpiry,
} from '@oauthkit/store-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import type { Provider } from './support/generated-client.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// The statements deleteExpired sends, exactly as Prisma writes them, reach the expired rows
// through the expiry indexes of the shipped migrations, not through a scan of the table.

interface Statement {
  query: string;
  params: unknown[];
}

/** A database migrated from the shipped SQL, and the DELETE statements of one cleanup. */
async function openRecorded(provider: Provider, serviceUrl: string) {
  const deletes: Statement[] = [];
  const db = await createPrismaTestDatabase(
    provider,
    serviceUrl,
    `prisma_${provider}_plans`,
    (query, params) => {
      if (/^DELETE /i.test(query)) deletes.push({ query, params });
    },
  );
  // On the still empty tables: one statement per store, deleting nothing.
  const stores = createPrismaStores(db.prisma);
  await stores.tokens.deleteExpired(CLEANUP_NOW);
  await stores.codes.deleteExpired(CLEANUP_NOW);
  const on = (table: string) => {
    const found = deletes.filter((s) =>
      new RegExp(`^DELETE FROM \\S*\\b${table}\\b`).test(s.query),
    );
    expect(found, `one DELETE on ${table}`).toHaveLength(1);
    return found[0]!;
  };
  return { db, tokens: on('oauth_tokens'), codes: on('oauth_authorization_codes') };
}

const postgres = await getServiceUrl('postgres');

describe.skipIf('skip' in postgres)(
  'prisma/postgresql: the cleanup uses the expiry indexes',
  () => {
    let db: PrismaTestDatabase;
    let tokens: Statement;
    let codes: Statement;

    beforeAll(async () => {
      ({ db, tokens, codes } = await openRecorded('postgresql', (postgres as { url: string }).url));
    });
    afterAll(async () => db?.drop());

    it('tokens mostly with refresh tokens: NULL refresh digests OR the refresh expiry range', async () => {
      await db.raw.exec(seedPostgres({ withRefresh: 3960, withoutRefresh: 40 }, 3000));
      const plan = await explainPostgres(
        (sql, params) => db.raw.query(sql, params),
        tokens.query,
        tokens.params,
      );
      expect(indexNames(plan)).toEqual(
        expect.arrayContaining([
          'oauth_tokens_refresh_token_digest_key',
          'oauth_tokens_refresh_token_expires_at_idx',
        ]),
      );
      expect(seqScansOnExpiry(plan)).toEqual([]);
    });

    it('tokens mostly from client_credentials: the access expiry range', async () => {
      await db.raw.exec(seedPostgres({ withRefresh: 400, withoutRefresh: 3600 }, 3000));
      const plan = await explainPostgres(
        (sql, params) => db.raw.query(sql, params),
        tokens.query,
        tokens.params,
      );
      expect(indexNames(plan)).toContain('oauth_tokens_access_token_expires_at_idx');
      expect(seqScansOnExpiry(plan)).toEqual([]);
    });

    it('codes: the expiry range', async () => {
      await db.raw.exec(seedPostgres({ withRefresh: 3960, withoutRefresh: 40 }, 3000));
      const plan = await explainPostgres(
        (sql, params) => db.raw.query(sql, params),
        codes.query,
        codes.params,
      );
      expect(indexNames(plan)).toContain('oauth_authorization_codes_expires_at_idx');
      expect(seqScansOnExpiry(plan)).toEqual([]);
    });
  },
);

describe('prisma/sqlite: the cleanup uses the expiry indexes', () => {
  let db: PrismaTestDatabase;
  let tokens: Statement;
  let codes: Statement;

  beforeAll(async () => {
    ({ db, tokens, codes } = await openRecorded('sqlite', ''));
  });
  afterAll(async () => db?.drop());

  // SQLite plans without statistics here: what it can use, not what data would favour.
  const plan = async ({ query, params }: Statement) =>
    (await db.raw.query(`EXPLAIN QUERY PLAN ${query}`, params)).map((r) => String(r.detail));

  it('tokens: searched through an expiry index, never scanned', async () => {
    const details = await plan(tokens);
    expect(details.join('\n')).toMatch(
      /USING INDEX oauth_tokens_(access|refresh)_token_expires_at_idx/,
    );
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });

  it('codes: searched through the expiry index, never scanned', async () => {
    const details = await plan(codes);
    expect(details.join('\n')).toMatch(/USING INDEX oauth_authorization_codes_expires_at_idx/);
    expect(details.filter((d) => /^SCAN /.test(d))).toEqual([]);
  });
});
