import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';

/** Concurrent calls per race; enough to overlap on any connection pool. */
export const RACE_CALLS = 50;
/** Rounds of revokeFamily racing a rotation. */
export const FAMILY_RACE_ROUNDS = 20;

const indexes = Array.from({ length: RACE_CALLS }, (_, i) => i);

/** Asserts that no record of `records` is stored active (it may be absent). */
async function expectNoneActive(h: SuiteHarness, records: TokenRecord[], round: number) {
  for (const r of records) {
    const raw = await h.raw.token(r.accessTokenDigest);
    if (raw === null) continue;
    expect(raw.revoked, `round ${round}: ${r.accessTokenDigest} stored active`).toBe(true);
    const found = await h.stores.tokens.findByAccessToken(r.accessTokenDigest);
    expect(found?.revokedAt, `round ${round}: store reads it active`).toBeInstanceOf(Date);
  }
}

/**
 * Real concurrency against the store: every call is in flight at once (`Promise.all`), so a
 * store that reads, then writes, without a lock or a conditional write loses these races.
 */
export const raceScenarios: Scenarios = {
  [`${RACE_CALLS} concurrent consumeCode calls: exactly one consumed, the rest replayed`]: async (
    h,
  ) => {
    const { record } = h.make.code();
    await h.stores.codes.saveCode(record);
    const nows = indexes.map((i) => h.make.date(i + 1));
    const results = await Promise.all(
      indexes.map((i) => h.stores.codes.consumeCode(record.codeDigest, nows[i]!)),
    );
    const winners = indexes.filter((i) => results[i]!.status === 'consumed');
    expect(winners, 'calls that consumed the code').toHaveLength(1);
    expect(results.filter((r) => r.status === 'replayed')).toHaveLength(RACE_CALLS - 1);
    const stored = await h.stores.codes.findCode(record.codeDigest);
    expect(stored!.consumedAt).toEqual(nows[winners[0]!]);
    expect(stored!.replayedAt).not.toBeNull();
    expect(await h.raw.code(record.codeDigest)).toEqual({ consumed: true, replayed: true });
  },

  [`${RACE_CALLS} concurrent rotations of one refresh token: exactly one wins`]: async (h) => {
    const old = h.make.token().record;
    await h.stores.tokens.saveToken(old);
    const nexts = indexes.map(() => h.make.token({ familyId: old.familyId }).record);
    const nows = indexes.map((i) => h.make.date(i + 1));
    const results = await Promise.all(
      indexes.map((i) =>
        h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, nexts[i]!, nows[i]!),
      ),
    );
    const winners = indexes.filter((i) => results[i] === true);
    expect(winners, 'rotations that resolved true').toHaveLength(1);
    const stored = await Promise.all(nexts.map((n) => h.raw.token(n.accessTokenDigest)));
    expect(
      indexes.filter((i) => stored[i] !== null),
      'new records stored',
    ).toEqual(winners);
    const winner = nexts[winners[0]!]!;
    expect(await h.stores.tokens.findByRefreshToken(winner.refreshTokenDigest!)).toEqual(winner);
    const after = await h.stores.tokens.findByAccessToken(old.accessTokenDigest);
    expect(after!.rotatedAt).toEqual(nows[winners[0]!]);
    expect(after!.revokedAt).toEqual(nows[winners[0]!]);
  },

  [`${RACE_CALLS} concurrent revocations of one access token: exactly one true`]: async (h) => {
    const { record } = h.make.token();
    await h.stores.tokens.saveToken(record);
    const results = await Promise.all(
      indexes.map((i) =>
        h.stores.tokens.revokeAccessToken(record.accessTokenDigest, h.make.date(i)),
      ),
    );
    expect(results.filter((r) => r === true)).toHaveLength(1);
    expect((await h.raw.token(record.accessTokenDigest))!.revoked).toBe(true);
  },

  [`revokeFamily racing a rotation leaves nothing of the family active (${FAMILY_RACE_ROUNDS} rounds)`]:
    async (h) => {
      const bystander = h.make.token().record;
      await h.stores.tokens.saveToken(bystander);
      for (let round = 0; round < FAMILY_RACE_ROUNDS; round++) {
        const old = h.make.token().record;
        const next = h.make.token({ familyId: old.familyId }).record;
        await h.stores.tokens.saveToken(old);
        const now = h.make.date(round + 1);
        const rotate = () => h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now);
        const revoke = () => h.stores.tokens.revokeFamily(old.familyId, now);
        // Vary who starts first, and by how much, so both interleavings are exercised.
        const later = async <T>(f: () => Promise<T>) => {
          await nextTurn();
          return f();
        };
        let calls: [Promise<boolean>, Promise<number>];
        if (round % 4 === 0) {
          const rotation = rotate();
          calls = [rotation, revoke()];
        } else if (round % 4 === 1) {
          const revocation = revoke();
          calls = [rotate(), revocation];
        } else if (round % 4 === 2) {
          calls = [later(rotate), revoke()];
        } else {
          calls = [rotate(), later(revoke)];
        }
        const [rotated] = await Promise.all(calls);
        if (rotated === true) {
          expect(
            await h.raw.token(next.accessTokenDigest),
            `round ${round}: winner`,
          ).not.toBeNull();
        }
        await expectNoneActive(h, [old, next], round);
      }
      expect((await h.raw.token(bystander.accessTokenDigest))!.revoked).toBe(false);
    },
};
