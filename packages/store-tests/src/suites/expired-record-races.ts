import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios } from '../suite-harness.js';
import { expectStoredCode } from './codes.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';

/** Concurrent cleanups, and consumptions or rotations racing a cleanup. */
export const CLEANUP_CALLS = 5;
const RACE_CALLS = 20;
/** Rounds of a rotation racing the cleanup of the very record it rotates. */
export const CLEANUP_ROUNDS = 8;
const NOW = 7200;

const later = async <T>(f: () => Promise<T>): Promise<T> => {
  await nextTurn();
  return f();
};

/**
 * `deleteExpired` is safe concurrently: several cleanups count each record once, and single
 * use (codes, rotation) holds while a cleanup runs.
 */
export const expiredRecordRaceScenarios: Scenarios = {
  [`${CLEANUP_CALLS} concurrent cleanups delete every expired record once: the counts add up`]:
    async (h) => {
      const expired = (i: number) => h.make.date(NOW - 60 * (i + 1));
      const tokens = Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? h.make.token({
              refreshTokenDigest: null,
              refreshTokenExpiresAt: null,
              accessTokenExpiresAt: expired(i),
            })
          : h.make.token({ accessTokenExpiresAt: expired(i), refreshTokenExpiresAt: expired(i) }),
      ).map((t) => t.record);
      const codes = Array.from(
        { length: 8 },
        (_, i) => h.make.code({ expiresAt: expired(i) }).record,
      );
      const liveToken = h.make.token().record;
      const liveCode = h.make.code({ expiresAt: h.make.date(NOW + 600) }).record;
      for (const r of [...tokens, liveToken]) await h.stores.tokens.saveToken(r);
      for (const r of [...codes, liveCode]) await h.stores.codes.saveCode(r);
      const now = h.make.date(NOW);
      const calls = Array.from({ length: CLEANUP_CALLS }, () => 0);
      const [tokenCounts, codeCounts] = await Promise.all([
        Promise.all(calls.map(() => h.stores.tokens.deleteExpired(now))),
        Promise.all(calls.map(() => h.stores.codes.deleteExpired(now))),
      ]);
      const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
      expect(sum(tokenCounts), `token counts ${tokenCounts}`).toBe(tokens.length);
      expect(sum(codeCounts), `code counts ${codeCounts}`).toBe(codes.length);
      for (const r of tokens) expect(await h.raw.token(r.accessTokenDigest)).toBeNull();
      for (const r of codes) expect(await h.raw.code(r.codeDigest)).toBeNull();
      await expectStoredToken(h, liveToken);
      await expectStoredCode(h, liveCode);
    },

  [`a cleanup racing ${RACE_CALLS} consumeCode calls: single use holds, a deleted code stays deleted`]:
    async (h) => {
      const live = h.make.code({ expiresAt: h.make.date(NOW + 600) }).record;
      const expired = h.make.code({ expiresAt: h.make.date(NOW - 600) }).record;
      await h.stores.codes.saveCode(live);
      await h.stores.codes.saveCode(expired);
      const now = h.make.date(NOW);
      const consume = (digest: string) =>
        Array.from({ length: RACE_CALLS }, (_, i) =>
          h.stores.codes.consumeCode(digest, h.make.date(NOW + i)),
        );
      const liveCalls = consume(live.codeDigest);
      const cleanup = h.stores.codes.deleteExpired(now);
      const expiredCalls = consume(expired.codeDigest);
      const [liveResults, deleted, expiredResults] = await Promise.all([
        Promise.all(liveCalls),
        cleanup,
        Promise.all(expiredCalls),
      ]);
      expect(deleted).toBe(1);
      expect(liveResults.filter((r) => r.status === 'consumed')).toHaveLength(1);
      expect(liveResults.filter((r) => r.status === 'replayed')).toHaveLength(RACE_CALLS - 1);
      expect(await h.raw.code(live.codeDigest)).toEqual({ consumed: true, replayed: true });
      // The expired code was consumed at most once before it went, and never came back.
      expect(expiredResults.filter((r) => r.status === 'consumed').length).toBeLessThanOrEqual(1);
      if (expiredResults.some((r) => r.status === 'replayed')) {
        expect(expiredResults.filter((r) => r.status === 'consumed')).toHaveLength(1);
      }
      expect(await h.raw.code(expired.codeDigest)).toBeNull();
      expect(await h.stores.codes.findCode(expired.codeDigest)).toBeNull();
    },

  [`a cleanup racing ${RACE_CALLS} rotations: one wins, the live rotated record stays`]: async (
    h,
  ) => {
    const old = h.make.token({
      accessTokenExpiresAt: h.make.date(NOW - 600),
      refreshTokenExpiresAt: h.make.date(NOW + 3600),
    }).record;
    const expiredSibling = h.make.token({
      familyId: old.familyId,
      accessTokenExpiresAt: h.make.date(NOW - 600),
      refreshTokenExpiresAt: h.make.date(NOW - 300),
    }).record;
    await h.stores.tokens.saveToken(old);
    await h.stores.tokens.saveToken(expiredSibling);
    const nexts = Array.from(
      { length: RACE_CALLS },
      () => h.make.token({ familyId: old.familyId }).record,
    );
    const rotatedAt = h.make.date(NOW - 100);
    const rotations = nexts.map((next, i) =>
      (i % 2 === 0 ? (f: () => Promise<boolean>) => f() : later)(() =>
        h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, rotatedAt),
      ),
    );
    const cleanup = h.stores.tokens.deleteExpired(h.make.date(NOW));
    const [results, deleted] = await Promise.all([Promise.all(rotations), cleanup]);
    expect(deleted).toBe(1);
    const winners = nexts.filter((_, i) => results[i] === true);
    expect(winners, 'rotations that resolved true').toHaveLength(1);
    await expectStoredToken(h, winners[0]!);
    for (const n of nexts) if (n !== winners[0]) await expectNoToken(h, n);
    await expectStoredToken(h, { ...old, rotatedAt, revokedAt: rotatedAt });
    await expectNoToken(h, expiredSibling);
  },

  [`rotating the very record a cleanup deletes: all or nothing (${CLEANUP_ROUNDS} rounds)`]: async (
    h,
  ) => {
    for (let round = 0; round < CLEANUP_ROUNDS; round++) {
      const old: TokenRecord = h.make.token({
        accessTokenExpiresAt: h.make.date(NOW - 600),
        refreshTokenExpiresAt: h.make.date(NOW - 300),
      }).record;
      const next = h.make.token({ familyId: old.familyId }).record;
      await h.stores.tokens.saveToken(old);
      const rotate = () =>
        h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, h.make.date(NOW));
      const cleanup = () => h.stores.tokens.deleteExpired(h.make.date(NOW));
      const [rotated, deleted] =
        round % 2 === 0
          ? await Promise.all([rotate(), round % 4 === 0 ? cleanup() : later(cleanup)])
          : await Promise.all([round % 4 === 1 ? rotate() : later(rotate), cleanup()]);
      // Rotated or not, the old record was expired and is gone; the new one exists exactly
      // when the rotation said it won.
      expect(deleted, `round ${round}: deleted`).toBe(1);
      await expectNoToken(h, old);
      if (rotated) await expectStoredToken(h, next);
      else await expectNoToken(h, next);
    }
  },
};
