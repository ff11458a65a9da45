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

  it('redeems the codes of one turn with one statement, each caller with its own outcome', async () => {
    const { tokens, codes } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-redeem');
    const [a, b, used] = [f.code().record, f.code().record, f.code().record];
    for (const code of [a, b, used]) await codes.saveCode(code);
    await codes.consumeCode(used.codeDigest, f.date(1));
    const issued = [1, 2, 3, 4, 5].map(() => f.token().record);
    const now = f.date(2);
    texts.length = 0;
    const redeem = (digest: string, token: TokenRecord) =>
      codes.redeemCode!(digest, now, token, tokens);
    const results = await Promise.all([
      redeem(a.codeDigest, issued[0]!),
      redeem(b.codeDigest, issued[1]!),
      redeem(used.codeDigest, issued[2]!),
      redeem(a.codeDigest, issued[3]!),
      redeem('missing', issued[4]!),
    ]);
    expect(results.map((r) => r?.status)).toEqual([
      'consumed',
      'consumed',
      'replayed',
      'replayed',
      'not_found',
    ]);
    expect(results[0]).toEqual({ status: 'consumed', code: a });
    expect(results[1]).toEqual({ status: 'consumed', code: b });
    // One joint statement for the three distinct codes; the two it did not win, and the
    // second redemption of `a`, each alone after it.
    expect(texts.filter((text) => /WITH ORDINALITY/.test(text))).toHaveLength(1);
    expect(texts.filter((text) => /^WITH consumed AS \(UPDATE/.test(text))).toHaveLength(3);
    for (const [i, saved] of [true, true, false, false, false].entries()) {
      const found = await tokens.findByAccessToken(issued[i]!.accessTokenDigest);
      expect(found).toEqual(saved ? issued[i] : null);
    }
    expect(await codes.findCode(a.codeDigest)).toMatchObject({ consumedAt: now, replayedAt: now });
    expect(await codes.findCode(b.codeDigest)).toMatchObject({ consumedAt: now, replayedAt: null });
    expect(await codes.findCode(used.codeDigest)).toMatchObject({ replayedAt: now });
  });

  it('redeems every code alone when the joint redemption fails, failing only the bad one', async () => {
    const { tokens, codes } = stores();
    const f = createRecordFactory('millisecond', 'coalesce-redeem-fail');
    const saved = [f.code().record, f.code().record, f.code().record];
    for (const code of saved) await codes.saveCode(code);
    const issued = [
      f.token().record,
      f.token({ scope: 'read\u0000write' }).record,
      f.token().record,
    ];
    const now = f.date(2);
    texts.length = 0;
    const results = await Promise.allSettled(
      saved.map((code, i) => codes.redeemCode!(code.codeDigest, now, issued[i]!, tokens)),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // Prisma's query log has the statements that succeeded: the good codes, each alone.
    expect(texts.filter((text) => /WITH ORDINALITY/.test(text))).toEqual([]);
    expect(texts.filter((text) => /^WITH consumed AS \(UPDATE/.test(text))).toHaveLength(2);
    // Nothing of the failed joint statement stayed: the bad code is neither consumed nor has a
    // token; the others were consumed alone, with their tokens.
    expect(await codes.findCode(saved[1]!.codeDigest)).toEqual(saved[1]);
    for (const i of [0, 2]) {
      expect(await codes.findCode(saved[i]!.codeDigest)).toMatchObject({ consumedAt: now });
      expect(await tokens.findByAccessToken(issued[i]!.accessTokenDigest)).toEqual(issued[i]);
    }
    expect(await tokens.findByAccessToken(issued[1]!.accessTokenDigest)).toBeNull();
  });

  it('sends every insert on its own with coalesceStatements: false', async () => {
    const { tokens, codes } = stores({ coalesceStatements: false });
    const f = createRecordFactory('millisecond', 'coalesce-off');
    texts.length = 0;
    await Promise.all([1, 2, 3].map(() => tokens.saveToken(f.token().record)));
    expect(inserts()).toHaveLength(3);
    expect(inserts().filter((text) => /json_populate_recordset/.test(text))).toEqual([]);
    const lookups = texts.length;
    await Promise.all([1, 2].map(() => tokens.findByAccessToken('missing')));
    expect(texts.length - lookups).toBe(2);
    const saved = [f.code().record, f.code().record];
    for (const code of saved) await codes.saveCode(code);
    const redemptions = texts.length;
    await Promise.all(
      saved.map((code) => codes.redeemCode!(code.codeDigest, f.date(1), f.token().record, tokens)),
    );
    expect(texts.length - redemptions).toBe(2);
    expect(texts.filter((text) => /WITH ORDINALITY/.test(text))).toEqual([]);
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
