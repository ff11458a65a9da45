import type { TokenRecord } from '@oauthkit/core';
import { createRecordFactory, getServiceUrl } from '@oauthkit/store-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// On PostgreSQL, the token inserts of one event-loop turn go as one statement
// (`coalesceStatements`, on by default); each caller still gets its own outcome.

const service = await getServiceUrl('postgres');

describe.skipIf('skip' in service)('coalesced token inserts (Prisma, PostgreSQL)', () => {
  let db: PrismaTestDatabase;
  const texts: string[] = [];
  const inserts = () => texts.filter((text) => /^INSERT INTO "[^"]+"\.oauth_tokens/.test(text));
  const stores = (options?: { coalesceStatements?: boolean }) =>
    createPrismaStores(db.prisma, options);

  beforeAll(async () => {
    db = await createPrismaTestDatabase(
      'postgresql',
      (service as { url: string }).url,
      'prisma_coalesce',
      (query) => texts.push(query),
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('saves the tokens of one turn with one statement, each read back as saved', async () => {
    const { tokens } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-one');
    const records = [
      f.token().record,
      f.token({ refreshTokenDigest: null, extensions: { authTime: 1, amr: ['pwd'] } }).record,
      f.token({ userId: null, revokedAt: f.date(1) }).record,
    ];
    texts.length = 0;
    await Promise.all(records.map((r) => tokens.saveToken(r)));
    expect(inserts()).toHaveLength(1);
    expect(inserts()[0]).toMatch(/json_populate_recordset/);
    for (const record of records) {
      expect(await tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
    }
  });

  it('sends a lone insert as the one-row statement', async () => {
    const { tokens } = stores();
    const record = createRecordFactory('millisecond', 'coalesce-lone').token().record;
    texts.length = 0;
    await tokens.saveToken(record);
    expect(inserts()).toHaveLength(1);
    expect(inserts()[0]).not.toMatch(/json_populate_recordset/);
    expect(await tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
  });

  it('rejects each duplicate with its own unique violation and saves the rest', async () => {
    const { tokens } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-dup');
    const existing = f.token().record;
    await tokens.saveToken(existing);
    const fresh = f.token().record;
    const sameRefresh = f.token({ refreshTokenDigest: fresh.refreshTokenDigest }).record;
    const other = f.token().record;
    const copy: TokenRecord = { ...existing, scope: 'changed' };
    const results = await Promise.allSettled([
      tokens.saveToken(fresh),
      tokens.saveToken(copy),
      tokens.saveToken(sameRefresh),
      tokens.saveToken(other),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(await tokens.findByAccessToken(existing.accessTokenDigest)).toEqual(existing);
    expect(await tokens.findByAccessToken(fresh.accessTokenDigest)).toEqual(fresh);
    expect(await tokens.findByAccessToken(other.accessTokenDigest)).toEqual(other);
    expect(await tokens.findByAccessToken(sameRefresh.accessTokenDigest)).toBeNull();
  });

  it('inserts every row alone when the joint statement fails, failing only the bad one', async () => {
    const { tokens } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-fail');
    // PostgreSQL's text takes no NUL character: that row fails alone and in the joint statement.
    const bad = f.token({ scope: 'read\u0000write' }).record;
    const good = [f.token().record, f.token().record];
    texts.length = 0;
    const results = await Promise.allSettled([
      tokens.saveToken(good[0]!),
      tokens.saveToken(bad),
      tokens.saveToken(good[1]!),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Prisma's query log has the statements that succeeded: the good rows, each alone.
    expect(inserts()).toHaveLength(2);
    expect(inserts().filter((text) => /json_populate_recordset/.test(text))).toEqual([]);
    for (const record of good) {
      expect(await tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
    }
    expect(await tokens.findByAccessToken(bad.accessTokenDigest)).toBeNull();
  });

  it('reads the tokens and codes looked up in one turn with one statement each', async () => {
    const { tokens, codes } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-read');
    const saved = [f.token().record, f.token({ refreshTokenDigest: null }).record];
    const savedCodes = [f.code().record, f.code().record];
    for (const record of saved) await tokens.saveToken(record);
    for (const code of savedCodes) await codes.saveCode(code);
    texts.length = 0;
    const [found, refreshed, foundCodes] = await Promise.all([
      Promise.all(
        [...saved.map((r) => r.accessTokenDigest), 'missing'].map((d) =>
          tokens.findByAccessToken(d),
        ),
      ),
      tokens.findByRefreshToken(saved[0]!.refreshTokenDigest!),
      Promise.all(
        [...savedCodes.map((c) => c.codeDigest), 'missing'].map((d) => codes.findCode(d)),
      ),
    ]);
    expect(found).toEqual([...saved, null]);
    expect(refreshed).toEqual(saved[0]);
    expect(foundCodes).toEqual([...savedCodes, null]);
    // The access-token lookups and the code lookups joined; the lone refresh lookup alone.
    expect(texts.filter((text) => /= ANY\(/.test(text))).toHaveLength(2);
    expect(texts).toHaveLength(3);
  });

  it('sends every insert on its own with coalesceStatements: false', async () => {
    const { tokens } = stores({ coalesceStatements: false });
    const f = createRecordFactory('millisecond', 'coalesce-off');
    texts.length = 0;
    await Promise.all([1, 2, 3].map(() => tokens.saveToken(f.token().record)));
    expect(inserts()).toHaveLength(3);
    expect(inserts().filter((text) => /json_populate_recordset/.test(text))).toEqual([]);
    const lookups = texts.length;
    await Promise.all([1, 2].map(() => tokens.findByAccessToken('missing')));
    expect(texts.length - lookups).toBe(2);
  });

  it('rejects every insert of a turn when the connection fails', async () => {
    const faulty = await db.faulty!(0);
    try {
      const { tokens } = createPrismaStores(faulty.prisma as never);
      const f = createRecordFactory('millisecond', 'coalesce-down');
      const results = await Promise.allSettled(
        [1, 2].map(() => tokens.saveToken(f.token().record)),
      );
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    } finally {
      await faulty.close();
    }
  });

  it('refuses a coalesceStatements that is not a boolean', () => {
    expect(() => stores({ coalesceStatements: 'yes' as never })).toThrow(
      'coalesceStatements must be a boolean',
    );
  });
});
