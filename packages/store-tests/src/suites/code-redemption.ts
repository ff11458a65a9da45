import type { AuthorizationCodeRecord, ConsumeCodeResult, TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { codeExchange } from './code-replay.js';
import { RACE_CALLS } from './races.js';

/** Rounds of a redemption racing its own replay through a server. */
const SERVER_RACE_ROUNDS = 10;

const indexes = Array.from({ length: RACE_CALLS }, (_, i) => i);

/**
 * The store's `redeemCode`, or `null` for a store without one (the server then consumes, saves
 * and reads the mark in separate calls, which the other groups cover). A store that has it
 * is held to every scenario below.
 */
function redeemOf(h: SuiteHarness) {
  const { codes, tokens } = h.stores;
  if (!codes.redeemCode) return null;
  return (digest: string, now: Date, token: TokenRecord) =>
    codes.redeemCode!(digest, now, token, tokens);
}

/** A saved code and a token of its family, ready to be redeemed. */
async function codeAndToken(h: SuiteHarness): Promise<{
  code: AuthorizationCodeRecord;
  token: TokenRecord;
}> {
  const { record: code } = h.make.code();
  await h.stores.codes.saveCode(code);
  const { record: token } = h.make.token({ familyId: code.familyId });
  return { code, token };
}

/** A saved code and one token of its family per racing call. */
async function raceFixtures(h: SuiteHarness) {
  await h.seed();
  const { record: code } = h.make.code();
  await h.stores.codes.saveCode(code);
  const tokens = indexes.map(() => h.make.token({ familyId: code.familyId }).record);
  return { code, tokens };
}

/** The indexes of `tokens` that are stored. */
async function savedIndexes(h: SuiteHarness, tokens: readonly TokenRecord[]): Promise<number[]> {
  const saved: number[] = [];
  for (const i of indexes) {
    if ((await h.raw.token(tokens[i]!.accessTokenDigest)) !== null) saved.push(i);
  }
  return saved;
}

/** `AuthorizationCodeStore.redeemCode`: consume and save as one atomic step. */
export const codeRedemptionScenarios: Scenarios = {
  'redeemCode consumes the code and saves the token together': async (h) => {
    const redeem = redeemOf(h);
    if (!redeem) return;
    await h.seed();
    const { code, token } = await codeAndToken(h);
    const at = h.make.date(5);
    expect(await redeem(code.codeDigest, at, token)).toEqual({ status: 'consumed', code });
    expect(await h.stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    expect(await h.stores.codes.findCode(code.codeDigest)).toEqual({ ...code, consumedAt: at });
  },

  'redeemCode on a consumed code marks the replay and saves nothing': async (h) => {
    const redeem = redeemOf(h);
    if (!redeem) return;
    await h.seed();
    const { code, token } = await codeAndToken(h);
    const [t1, t2] = [h.make.date(1), h.make.date(2)];
    await h.stores.codes.consumeCode(code.codeDigest, t1);
    const replayed = { ...code, consumedAt: t1, replayedAt: t2 };
    expect(await redeem(code.codeDigest, t2, token)).toEqual({
      status: 'replayed',
      code: replayed,
    });
    expect(await h.raw.token(token.accessTokenDigest)).toBeNull();
    expect(await h.stores.codes.findCode(code.codeDigest)).toEqual(replayed);
  },

  'redeemCode of an unknown code is not_found and saves nothing': async (h) => {
    const redeem = redeemOf(h);
    if (!redeem) return;
    await h.seed();
    const { record: token } = h.make.token();
    const { record: unknown } = h.make.code();
    expect(await redeem(unknown.codeDigest, h.make.date(1), token)).toEqual({
      status: 'not_found',
    });
    expect(await h.raw.token(token.accessTokenDigest)).toBeNull();
  },

  'redeemCode with a token that cannot be saved rejects and leaves the code unconsumed': async (
    h,
  ) => {
    const redeem = redeemOf(h);
    if (!redeem) return;
    await h.seed();
    const { code, token } = await codeAndToken(h);
    const { record: taken } = h.make.token({ accessTokenDigest: token.accessTokenDigest });
    await h.stores.tokens.saveToken(taken);
    await expect(redeem(code.codeDigest, h.make.date(1), token)).rejects.toThrow();
    expect(await h.stores.codes.findCode(code.codeDigest)).toEqual(code);
    expect(await h.raw.code(code.codeDigest)).toMatchObject({ consumed: false, replayed: false });
  },

  'redeemCode with another token store declines and changes nothing': async (h) => {
    if (!redeemOf(h)) return;
    await h.seed();
    const { code, token } = await codeAndToken(h);
    const foreign = { ...h.stores.tokens };
    expect(
      await h.stores.codes.redeemCode!(code.codeDigest, h.make.date(1), token, foreign),
    ).toBeUndefined();
    expect(await h.stores.codes.findCode(code.codeDigest)).toEqual(code);
    expect(await h.raw.token(token.accessTokenDigest)).toBeNull();
  },

  [`${RACE_CALLS} concurrent redeemCode calls: one consumed, one token saved, the rest replayed`]:
    async (h) => {
      const redeem = redeemOf(h);
      if (!redeem) return;
      const { code, tokens } = await raceFixtures(h);
      const results = await Promise.all(
        indexes.map((i) => redeem(code.codeDigest, h.make.date(i + 1), tokens[i]!)),
      );
      const winners = indexes.filter((i) => results[i]!.status === 'consumed');
      expect(winners, 'calls that consumed the code').toHaveLength(1);
      expect(results.filter((r) => r!.status === 'replayed')).toHaveLength(RACE_CALLS - 1);
      expect(await savedIndexes(h, tokens), 'tokens saved').toEqual(winners);
    },

  [`redeemCode racing consumeCode (${RACE_CALLS} calls): one winner, a token only if it redeemed`]:
    async (h) => {
      const redeem = redeemOf(h);
      if (!redeem) return;
      const { code, tokens } = await raceFixtures(h);
      const results: ConsumeCodeResult[] = await Promise.all(
        indexes.map(async (i) => {
          const at = h.make.date(i + 1);
          return i % 2 === 0
            ? (await redeem(code.codeDigest, at, tokens[i]!))!
            : h.stores.codes.consumeCode(code.codeDigest, at);
        }),
      );
      const winners = indexes.filter((i) => results[i]!.status === 'consumed');
      expect(winners, 'calls that consumed the code').toHaveLength(1);
      // Only the even calls redeemed: their tokens are the only ones that may exist.
      expect(await savedIndexes(h, tokens), 'tokens saved').toEqual(
        winners[0]! % 2 === 0 ? winners : [],
      );
      expect(await h.raw.code(code.codeDigest)).toMatchObject({ consumed: true, replayed: true });
    },

  [`a redemption racing its replay by the same client leaves no token live (${SERVER_RACE_ROUNDS} rounds)`]:
    async (h) => {
      // Whichever store path the server takes (redeemCode, or consume, save and read the mark),
      // the replay that loses finds the tokens it must revoke: none stays live.
      for (let round = 0; round < SERVER_RACE_ROUNDS; round++) {
        const { send, ownerAuth, verifier, isLive } = await codeExchange(h, 'client_secret_basic');
        const answers = await Promise.all([send(ownerAuth, verifier), send(ownerAuth, verifier)]);
        const ok = answers.filter((a) => a.status === 200);
        expect(ok, `round ${round}: answers that issued tokens`).toHaveLength(1);
        const { access_token: accessToken } = (await ok[0]!.json()) as { access_token: string };
        expect(await isLive(accessToken), `round ${round}: the issued token is live`).toBe(false);
      }
    },
};
