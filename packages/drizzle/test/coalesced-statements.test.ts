import type { TokenRecord } from '@oauthkit/core';
import { createRecordFactory, createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

// On node-postgres, the token inserts of one event-loop turn go as one statement
// (`coalesceStatements`, on by default); each caller still gets its own outcome.

const service = await getServiceUrl('postgres');

const isTokenInsert = (text: string) => /^insert into "oauth_tokens"/i.test(text);

describe.skipIf('skip' in service)('coalesced token inserts (node-postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  /** A pool of `url` that records the text of every statement it is sent. */
  const connect = (url = database.url) => {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000 });
    pools.push(pool);
    const texts: string[] = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as { query: unknown }).query = (...args: unknown[]) => {
      const config = args[0] as { text: string } | string;
      texts.push(typeof config === 'string' ? config : config.text);
      return query(...args);
    };
    return { pool, texts, inserts: () => texts.filter(isTokenInsert) };
  };

  beforeAll(async () => {
    database = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'drizzle-coalesce',
    );
    await migrate(drizzle({ client: connect().pool }), {
      migrationsFolder: migrationsFolder('pg'),
    });
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await database?.drop();
  });

  it('saves the tokens of one turn with one statement, each read back as saved', async () => {
    const { pool, inserts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-one');
    const records = [
      f.token().record,
      f.token({ refreshTokenDigest: null, extensions: { authTime: 1, amr: ['pwd'] } }).record,
      f.token({ userId: null, revokedAt: f.date(1) }).record,
    ];
    await Promise.all(records.map((r) => stores.tokens.saveToken(r)));
    expect(inserts()).toHaveLength(1);
    for (const record of records) {
      expect(await stores.tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
    }
  });

  it('sends a lone insert as the one-row statement', async () => {
    const { pool, inserts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const record = createRecordFactory('millisecond', 'coalesce-lone').token().record;
    await stores.tokens.saveToken(record);
    expect(inserts()).toHaveLength(1);
    expect(inserts()[0]).not.toMatch(/json_populate_recordset/);
    expect(await stores.tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
  });

  it('rejects each duplicate with its own unique violation and saves the rest', async () => {
    const { pool } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-dup');
    const existing = f.token().record;
    await stores.tokens.saveToken(existing);
    const fresh = f.token().record;
    const sameRefresh = f.token({ refreshTokenDigest: fresh.refreshTokenDigest }).record;
    const other = f.token().record;
    const copy: TokenRecord = { ...existing, scope: 'changed' };
    const results = await Promise.allSettled([
      stores.tokens.saveToken(fresh),
      stores.tokens.saveToken(copy),
      stores.tokens.saveToken(sameRefresh),
      stores.tokens.saveToken(other),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    for (const i of [1, 2]) {
      const reason = (results[i] as PromiseRejectedResult).reason as { code?: string };
      expect(reason.code).toBe('23505');
    }
    expect(await stores.tokens.findByAccessToken(existing.accessTokenDigest)).toEqual(existing);
    expect(await stores.tokens.findByAccessToken(fresh.accessTokenDigest)).toEqual(fresh);
    expect(await stores.tokens.findByAccessToken(other.accessTokenDigest)).toEqual(other);
    expect(await stores.tokens.findByAccessToken(sameRefresh.accessTokenDigest)).toBeNull();
  });

  it('inserts every row alone when the joint statement fails, failing only the bad one', async () => {
    const { pool, inserts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-fail');
    // PostgreSQL's text takes no NUL character: that row fails alone and in the joint statement.
    const bad = f.token({ scope: 'read\u0000write' }).record;
    const good = [f.token().record, f.token().record];
    const results = await Promise.allSettled([
      stores.tokens.saveToken(good[0]!),
      stores.tokens.saveToken(bad),
      stores.tokens.saveToken(good[1]!),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inserts()).toHaveLength(4);
    for (const record of good) {
      expect(await stores.tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
    }
    expect(await stores.tokens.findByAccessToken(bad.accessTokenDigest)).toBeNull();
  });

  it('reads the tokens and codes looked up in one turn with one statement each', async () => {
    const { pool, texts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-read');
    const saved = [f.token().record, f.token({ refreshTokenDigest: null }).record];
    const codes = [f.code().record, f.code().record];
    for (const record of saved) await stores.tokens.saveToken(record);
    for (const code of codes) await stores.codes.saveCode(code);
    texts.length = 0;
    const [tokens, refreshed, found] = await Promise.all([
      Promise.all(
        [...saved.map((r) => r.accessTokenDigest), 'missing'].map((d) =>
          stores.tokens.findByAccessToken(d),
        ),
      ),
      stores.tokens.findByRefreshToken(saved[0]!.refreshTokenDigest!),
      Promise.all(
        [...codes.map((c) => c.codeDigest), 'missing'].map((d) => stores.codes.findCode(d)),
      ),
    ]);
    expect(tokens).toEqual([...saved, null]);
    expect(refreshed).toEqual(saved[0]);
    expect(found).toEqual([...codes, null]);
    // The access-token lookups and the code lookups joined; the lone refresh lookup alone.
    expect(texts.filter((text) => /= any\(/.test(text))).toHaveLength(2);
    expect(texts).toHaveLength(3);
  });

  it('redeems the codes of one turn with one statement, each caller with its own outcome', async () => {
    const { pool, texts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-redeem');
    const [a, b, used] = [f.code().record, f.code().record, f.code().record];
    for (const code of [a, b, used]) await stores.codes.saveCode(code);
    await stores.codes.consumeCode(used.codeDigest, f.date(1));
    const tokens = [1, 2, 3, 4, 5].map(() => f.token().record);
    const now = f.date(2);
    texts.length = 0;
    const redeem = (digest: string, token: TokenRecord) =>
      stores.codes.redeemCode!(digest, now, token, stores.tokens);
    const results = await Promise.all([
      redeem(a.codeDigest, tokens[0]!),
      redeem(b.codeDigest, tokens[1]!),
      redeem(used.codeDigest, tokens[2]!),
      redeem(a.codeDigest, tokens[3]!),
      redeem('missing', tokens[4]!),
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
    expect(texts.filter((text) => /with ordinality/.test(text))).toHaveLength(1);
    expect(texts.filter((text) => /^with claimed as/.test(text))).toHaveLength(3);
    for (const [i, saved] of [true, true, false, false, false].entries()) {
      const found = await stores.tokens.findByAccessToken(tokens[i]!.accessTokenDigest);
      expect(found).toEqual(saved ? tokens[i] : null);
    }
    expect(await stores.codes.findCode(a.codeDigest)).toMatchObject({
      consumedAt: now,
      replayedAt: now,
    });
    expect(await stores.codes.findCode(b.codeDigest)).toMatchObject({
      consumedAt: now,
      replayedAt: null,
    });
    expect(await stores.codes.findCode(used.codeDigest)).toMatchObject({ replayedAt: now });
  });

  it('redeems every code alone when the joint redemption fails, failing only the bad one', async () => {
    const { pool, texts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-redeem-fail');
    const codes = [f.code().record, f.code().record, f.code().record];
    for (const code of codes) await stores.codes.saveCode(code);
    const tokens = [
      f.token().record,
      f.token({ scope: 'read\u0000write' }).record,
      f.token().record,
    ];
    const now = f.date(2);
    texts.length = 0;
    const results = await Promise.allSettled(
      codes.map((code, i) =>
        stores.codes.redeemCode!(code.codeDigest, now, tokens[i]!, stores.tokens),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(texts.filter((text) => /with ordinality/.test(text))).toHaveLength(1);
    expect(texts.filter((text) => /^with claimed as/.test(text))).toHaveLength(3);
    // Nothing of the failed joint statement stayed: the bad code is neither consumed nor
    // has a token; the others were consumed alone, with their tokens.
    expect(await stores.codes.findCode(codes[1]!.codeDigest)).toEqual(codes[1]);
    for (const i of [0, 2]) {
      expect(await stores.codes.findCode(codes[i]!.codeDigest)).toMatchObject({ consumedAt: now });
      expect(await stores.tokens.findByAccessToken(tokens[i]!.accessTokenDigest)).toEqual(
        tokens[i],
      );
    }
    expect(await stores.tokens.findByAccessToken(tokens[1]!.accessTokenDigest)).toBeNull();
  });

  it('sends every insert on its own with coalesceStatements: false', async () => {
    const { pool, texts, inserts } = connect();
    const stores = createDrizzleStores(drizzle({ client: pool }), { coalesceStatements: false });
    const f = createRecordFactory('millisecond', 'coalesce-off');
    await Promise.all([1, 2, 3].map(() => stores.tokens.saveToken(f.token().record)));
    expect(inserts()).toHaveLength(3);
    expect(inserts().filter((text) => /json_populate_recordset/.test(text))).toEqual([]);
    const lookups = texts.length;
    await Promise.all([1, 2].map(() => stores.tokens.findByAccessToken('missing')));
    expect(texts.length - lookups).toBe(2);
    const codes = [f.code().record, f.code().record];
    for (const code of codes) await stores.codes.saveCode(code);
    const redemptions = texts.length;
    await Promise.all(
      codes.map((code) =>
        stores.codes.redeemCode!(code.codeDigest, f.date(1), f.token().record, stores.tokens),
      ),
    );
    expect(texts.length - redemptions).toBe(2);
    expect(texts.filter((text) => /with ordinality/.test(text))).toEqual([]);
  });

  it('rejects every insert of a turn when the database is unreachable', async () => {
    const { pool } = connect('postgres://postgres@127.0.0.1:1/none');
    const stores = createDrizzleStores(drizzle({ client: pool }));
    const f = createRecordFactory('millisecond', 'coalesce-down');
    const results = await Promise.allSettled(
      [1, 2].map(() => stores.tokens.saveToken(f.token().record)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses a coalesceStatements that is not a boolean', () => {
    const { pool } = connect();
    expect(() =>
      createDrizzleStores(drizzle({ client: pool }), { coalesceStatements: 'yes' as never }),
    ).toThrow('coalesceStatements must be a boolean');
  });
});
