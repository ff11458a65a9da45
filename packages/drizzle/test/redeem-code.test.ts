import type { AuthorizationCodeRecord, TokenRecord } from '@oauthkit/core';
import { checkedStores } from '@oauthkit/core/stores';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createRecordFactory } from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, type DrizzleStores } from '../src/index.js';
import { migratedTargets, type Target } from './migrated-targets.js';

// redeemCode: the code consumed and the token saved in one statement (PostgreSQL) or one
// transaction (MySQL/MariaDB, SQLite), each on the three databases.

for (const { name, skip, open } of migratedTargets('drizzle-redeem')) {
  let target: Promise<Target> | undefined;
  let opened: DrizzleStores | undefined;
  const stores = async () => {
    target ??= open();
    opened ??= createDrizzleStores((await target).connect());
    return opened;
  };
  afterAll(async () => (await target)?.close());

  const factory = () => createRecordFactory('millisecond', `client-${name}`);
  const tokenOf = (f: ReturnType<typeof factory>, code: AuthorizationCodeRecord): TokenRecord =>
    f.token({ familyId: code.familyId }).record;
  async function savedCode(s: DrizzleStores, f = factory()) {
    const { record } = f.code();
    await s.codes.saveCode(record);
    return { f, code: record };
  }
  const tokenRows = async (familyId: string) =>
    (await (await target!).query(`SELECT * FROM oauth_tokens WHERE family_id = '${familyId}'`))
      .length;

  describe.skipIf(skip)(`redeemCode on drizzle/${name}`, () => {
    it('consumes and saves once, then answers replayed (marking the code) and saves nothing', async () => {
      const s = await stores();
      const { f, code } = await savedCode(s);
      const token = tokenOf(f, code);
      const first = await s.codes.redeemCode!(code.codeDigest, f.date(1), token, s.tokens);
      expect(first).toEqual({ status: 'consumed', code });
      expect(await s.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);

      const again = tokenOf(f, code);
      const replayedAt = f.date(2);
      const second = await s.codes.redeemCode!(code.codeDigest, replayedAt, again, s.tokens);
      expect(second?.status).toBe('replayed');
      const marked = second?.status === 'replayed' ? second.code : undefined;
      expect(marked?.consumedAt).toBeInstanceOf(Date);
      expect(marked?.replayedAt).toEqual(replayedAt);
      expect(await s.tokens.findByAccessToken(again.accessTokenDigest)).toBeNull();
      // A third call keeps the first replay's mark.
      const third = await s.codes.redeemCode!(
        code.codeDigest,
        f.date(3),
        tokenOf(f, code),
        s.tokens,
      );
      expect(third).toEqual(second);
      expect(await s.codes.findCode(code.codeDigest)).toEqual(marked);
      expect(await tokenRows(code.familyId)).toBe(1);
    });

    it('answers not_found for an unknown code and saves nothing', async () => {
      const s = await stores();
      const f = factory();
      const { record: unknown } = f.code();
      const token = tokenOf(f, unknown);
      expect(await s.codes.redeemCode!(unknown.codeDigest, f.date(1), token, s.tokens)).toEqual({
        status: 'not_found',
      });
      expect(await s.tokens.findByAccessToken(token.accessTokenDigest)).toBeNull();
    });

    it('of 50 concurrent redeems, exactly one consumes and exactly one token row is saved', async () => {
      const s = await stores();
      const { f, code } = await savedCode(s);
      // Stores on connections of their own, so the calls really race.
      const racers = [s, createDrizzleStores((await target!).connect())];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const r = racers[i % 2]!;
          return r.codes.redeemCode!(code.codeDigest, f.date(1), tokenOf(f, code), r.tokens);
        }),
      );
      const statuses = results.map((r) => r?.status);
      expect(statuses.filter((x) => x === 'consumed')).toHaveLength(1);
      expect(statuses.filter((x) => x === 'replayed')).toHaveLength(49);
      expect(await tokenRows(code.familyId)).toBe(1);
      expect((await s.codes.findCode(code.codeDigest))?.replayedAt).toBeInstanceOf(Date);
    });

    it('a redeem that loses to consumeCode saves nothing, in order or racing', async () => {
      const s = await stores();
      const { f, code } = await savedCode(s);
      expect((await s.codes.consumeCode(code.codeDigest, f.date(1))).status).toBe('consumed');
      const late = tokenOf(f, code);
      const result = await s.codes.redeemCode!(code.codeDigest, f.date(2), late, s.tokens);
      expect(result?.status).toBe('replayed');
      expect(await s.tokens.findByAccessToken(late.accessTokenDigest)).toBeNull();

      for (let i = 0; i < 10; i++) {
        const { code: raced } = await savedCode(s, f);
        const token = tokenOf(f, raced);
        const [consumed, redeemed] = await Promise.all([
          s.codes.consumeCode(raced.codeDigest, f.date(1)),
          s.codes.redeemCode!(raced.codeDigest, f.date(1), token, s.tokens),
        ]);
        expect([consumed.status, redeemed?.status].sort()).toEqual(['consumed', 'replayed']);
        expect(await tokenRows(raced.familyId)).toBe(redeemed?.status === 'consumed' ? 1 : 0);
      }
    });

    it('rejects when the token cannot be saved, leaving the code unconsumed', async () => {
      const s = await stores();
      const { f, code } = await savedCode(s);
      const stored = f.token().record;
      await s.tokens.saveToken(stored);
      const clash = { ...tokenOf(f, code), accessTokenDigest: stored.accessTokenDigest };
      await expect(
        s.codes.redeemCode!(code.codeDigest, f.date(1), clash, s.tokens),
      ).rejects.toThrow();
      expect(await s.codes.findCode(code.codeDigest)).toEqual(code);
      expect(await tokenRows(code.familyId)).toBe(0);
      // The code is still there to be redeemed.
      const token = tokenOf(f, code);
      const result = await s.codes.redeemCode!(code.codeDigest, f.date(2), token, s.tokens);
      expect(result?.status).toBe('consumed');
      expect(await s.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    });

    it('answers undefined and does nothing for a token store it was not created with', async () => {
      const s = await stores();
      const { f, code } = await savedCode(s);
      const other = createDrizzleStores((await target!).connect());
      for (const foreign of [other.tokens, createMemoryStores().tokens]) {
        const token = tokenOf(f, code);
        expect(await s.codes.redeemCode!(code.codeDigest, f.date(1), token, foreign)).toBe(
          undefined,
        );
        expect(await s.tokens.findByAccessToken(token.accessTokenDigest)).toBeNull();
      }
      expect(await s.codes.findCode(code.codeDigest)).toEqual(code);
      // Wrapped again in the core's checks, the stores still recognise each other.
      const checked = checkedStores(s);
      const token = tokenOf(f, code);
      const result = await checked.codes.redeemCode!(
        code.codeDigest,
        f.date(1),
        token,
        checked.tokens,
      );
      expect(result?.status).toBe('consumed');
      expect(await s.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    });
  });
}
