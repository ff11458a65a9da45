import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuthorizationCodeRecord, Stores, TokenRecord } from '@oauthkit/core';
import { DEFAULT_DELETE_EXPIRED_BATCH_SIZE } from '@oauthkit/core/stores';
import { describe, expect, it } from 'vitest';
import { failAfter } from '../fail-after.js';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import type { StoreSuiteContext } from '../suite-options.js';
import { callerMistakeScenarios } from './caller-mistakes.js';
import { clientScenarios } from './clients.js';
import { codeRedemptionScenarios } from './code-redemption.js';
import { codeScenarios } from './codes.js';
import { expiryScenarios } from './expiry.js';
import { harderRaceScenarios } from './harder-races.js';
import { RACE_CALLS } from './races.js';
import { storeFailureScenarios } from './store-failures.js';

/**
 * The groups added for the contract's less visible promises must fail the stores that break
 * them. As in `broken-stores.test.ts`, each case breaks the memory stores in one way and
 * checks that the scenario meant to catch it fails (and that it passes unbroken).
 */
type Break = (s: Stores) => Stores;

function run(scenario: Scenario, breakage?: Break) {
  const base = createMemorySuiteContext();
  const broken = breakage ?? ((s: Stores) => s);
  const context: StoreSuiteContext = {
    get stores() {
      return broken(base.stores);
    },
    raw: base.raw,
    reset: base.reset,
    // The broken store runs over a faulty inner store, so its own steps can fail one by one.
    faulty: async (okCalls) => ({
      stores: broken(failAfter(base.stores, okCalls)),
      close: async () => {},
    }),
  };
  const h = createSuiteHarness(() => context, 'millisecond');
  return h.seed().then(() => scenario(h));
}

function get(group: Record<string, Scenario>, prefix: string): Scenario {
  const title = Object.keys(group).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return group[title]!;
}

const fails = (message: string) =>
  expect.objectContaining({ name: 'AssertionError', message: expect.stringContaining(message) });

/** Passes `undefined` through like Prisma drops it: "this family" becomes "every family". */
const wideningRevokeFamily: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeFamily(familyId, now) {
      if (familyId !== undefined) return s.tokens.revokeFamily(familyId, now);
      const { tokens } = (
        s as Stores & { dump?: () => { tokens: { familyId: string }[] } }
      ).dump?.() ?? { tokens: [] };
      let n = 0;
      for (const t of tokens) n += await s.tokens.revokeFamily(t.familyId, now);
      return n;
    },
  },
});

/** Re-files a `next` of another family under the old family instead of refusing it. */
const acceptsOtherFamily: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async rotateRefreshToken(digest, next, now) {
      const old = await s.tokens.findByRefreshToken(digest);
      return s.tokens.rotateRefreshToken(
        digest,
        { ...next, familyId: old?.familyId ?? next.familyId },
        now,
      );
    },
  },
});

/** A TTL set to the access-token expiry: the record vanishes while its refresh token lives. */
const ttlFromAccessExpiry: Break = (s) => {
  const gone = (r: { accessTokenExpiresAt: Date } | null) =>
    r !== null && r.accessTokenExpiresAt.getTime() <= Date.now();
  return {
    ...s,
    tokens: {
      ...s.tokens,
      async findByRefreshToken(digest) {
        const r = await s.tokens.findByRefreshToken(digest);
        return gone(r) ? null : r;
      },
      async rotateRefreshToken(digest, next, now) {
        return gone(await s.tokens.findByRefreshToken(digest))
          ? false
          : s.tokens.rotateRefreshToken(digest, next, now);
      },
    },
  };
};

/** Answers "nothing there" when the database does not answer. */
const nullOnFailure: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    findByAccessToken: (digest) => s.tokens.findByAccessToken(digest).catch(() => null),
  },
});

/** Claims the old token, then inserts the new one in a second, separate step. */
const twoStepRotation: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async rotateRefreshToken(digest, next, now) {
      const old = await s.tokens.findByRefreshToken(digest);
      if (!old || old.revokedAt !== null || old.rotatedAt !== null) return false;
      await s.tokens.revokeAccessToken(old.accessTokenDigest, now);
      await s.tokens.saveToken(next);
      return true;
    },
  },
});

/** Stores the access-only record of a narrowed rotation in a second step, after the claim. */
const accessOnlyAfterwards: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async rotateRefreshToken(digest, next, now, accessOnly) {
      const won = await s.tokens.rotateRefreshToken(digest, next, now);
      if (won && accessOnly) await s.tokens.saveToken(accessOnly);
      return won;
    },
  },
});

/** Counts the active members it saw before revoking, not what its own write revoked. */
const countsSnapshot: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeFamily(familyId, now) {
      const { tokens } = (s as Stores & { dump: () => { tokens: TokenRecord[] } }).dump();
      const active = tokens.filter((t) => t.familyId === familyId && t.revokedAt === null);
      await nextTurn();
      await s.tokens.revokeFamily(familyId, now);
      return active.length;
    },
  },
});

/** Treats `null` as "leave unchanged", like an update that skips null fields. */
const keepsOldSecret: Break = (s) => ({
  ...s,
  clients: {
    ...s.clients,
    async saveClient(record) {
      const old = await s.clients.findClient(record.clientId);
      await s.clients.saveClient({
        ...record,
        clientSecretDigest: record.clientSecretDigest ?? old?.clientSecretDigest ?? null,
      });
    },
  },
});

/** Saves over a code whose digest is stored (an upsert): the used code is fresh again. */
// A redemption that saves its token even when it lost (two steps, not one).
const savingLoserRedeem: Break = (s) => ({
  ...s,
  codes: {
    ...s.codes,
    async redeemCode(digest, now, token, tokens) {
      const result = await s.codes.redeemCode!(digest, now, token, tokens);
      if (result !== undefined && result.status !== 'consumed') await s.tokens.saveToken(token);
      return result;
    },
  },
});

const overwritingSaveCode: Break = (s) => {
  const overwritten = new Map<string, AuthorizationCodeRecord>();
  return {
    ...s,
    codes: {
      ...s.codes,
      async saveCode(record) {
        await s.codes.saveCode(record).catch(() => {
          overwritten.set(record.codeDigest, { ...record });
        });
      },
      async findCode(digest) {
        return overwritten.get(digest) ?? s.codes.findCode(digest);
      },
      async consumeCode(digest, now) {
        const code = overwritten.get(digest);
        if (!code) return s.codes.consumeCode(digest, now);
        if (code.consumedAt !== null) return { status: 'replayed', code };
        code.consumedAt = now;
        return { status: 'consumed', code: { ...code, consumedAt: null } };
      },
    },
  };
};

/** Judges expiry itself: an expired code still stored answers `not_found`. */
const expiredCodeNotFound: Break = (s) => ({
  ...s,
  codes: {
    ...s.codes,
    async consumeCode(digest, now) {
      const code = await s.codes.findCode(digest);
      if (code && code.expiresAt <= now) return { status: 'not_found' };
      return s.codes.consumeCode(digest, now);
    },
  },
});

/** One pass over the family members active when it started: a later rotation stays active. */
const snapshotRevokeFamily: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeFamily(familyId, now) {
      const { tokens } = (s as Stores & { dump: () => { tokens: TokenRecord[] } }).dump();
      const active = tokens.filter((t) => t.familyId === familyId && t.revokedAt === null);
      await nextTurn();
      let n = 0;
      for (const t of active) if (await s.tokens.revokeAccessToken(t.accessTokenDigest, now)) n++;
      return n;
    },
  },
});

/** Stops after its first batch of deletions, as a cleanup without its loop would. */
const oneBatchCleanup: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async deleteExpired(now) {
      return Math.min(await s.tokens.deleteExpired(now), DEFAULT_DELETE_EXPIRED_BATCH_SIZE);
    },
  },
});

describe('the new suite groups fail broken stores', () => {
  it('a cleanup that stops after one batch fails the cleanup-versus-revokeFamily race', async () => {
    const scenario = get(harderRaceScenarios, 'cleanup of');
    await run(scenario);
    await expect(run(scenario, oneBatchCleanup)).rejects.toEqual(fails('records deleted'));
  });

  it('a redeemCode that saves the token of a lost redemption fails the redemption group', async () => {
    const scenario = get(codeRedemptionScenarios, `${RACE_CALLS} concurrent redeemCode calls`);
    await run(scenario);
    await expect(run(scenario, savingLoserRedeem)).rejects.toEqual(fails('tokens saved'));
  });

  it('a saveCode that overwrites a stored code fails the code group', async () => {
    const scenario = get(codeScenarios, 'saving a code whose digest is stored');
    await run(scenario);
    await expect(run(scenario, overwritingSaveCode)).rejects.toEqual(fails('instead of rejecting'));
  });

  it('a consumeCode that judges expiry itself fails the expiry group', async () => {
    const scenario = get(expiryScenarios, 'an expired code that is still stored');
    await run(scenario);
    await expect(run(scenario, expiredCodeNotFound)).rejects.toEqual(
      fails('not_found while stored'),
    );
  });

  it('a single-pass revokeFamily fails the race against a chain of rotations', async () => {
    const scenario = get(harderRaceScenarios, 'revokeFamily racing a chain');
    await run(scenario);
    await expect(run(scenario, snapshotRevokeFamily)).rejects.toEqual(fails('active'));
  });

  it('a revokeFamily that widens on undefined fails the caller-mistakes group', async () => {
    const scenario = get(callerMistakeScenarios, 'a missing, empty');
    await run(scenario);
    await expect(run(scenario, wideningRevokeFamily)).rejects.toEqual(
      fails('revokeFamily(key undefined)'),
    );
  });

  it('a rotation that accepts a next of another family fails', async () => {
    const scenario = get(callerMistakeScenarios, 'a next token of another family');
    await run(scenario);
    await expect(run(scenario, acceptsOtherFamily)).rejects.toEqual(fails('expected a TypeError'));
  });

  it('a TTL set to the access-token expiry fails the expiry group', async () => {
    const scenario = get(expiryScenarios, 'an expired access token');
    await run(scenario);
    await expect(run(scenario, ttlFromAccessExpiry)).rejects.toEqual(fails('expected null'));
  });

  it('a lookup answering null on a failure fails the store-failure group', async () => {
    const scenario = get(storeFailureScenarios, 'every method rejects');
    await run(scenario);
    await expect(run(scenario, nullOnFailure)).rejects.toEqual(
      fails('findByAccessToken must reject'),
    );
  });

  it('a two-step rotation cut short between its steps fails the store-failure group', async () => {
    const scenario = get(storeFailureScenarios, 'a rotation failing at any step');
    await run(scenario);
    await expect(run(scenario, twoStepRotation)).rejects.toEqual(fails('to deeply equal'));
  });

  it('a rotation that saves its access-only record in a second step fails when cut short', async () => {
    const scenario = get(storeFailureScenarios, 'a rotation with an access-only record');
    await run(scenario);
    await expect(run(scenario, accessOnlyAfterwards)).rejects.toEqual(fails('to deeply equal'));
  });

  it('revokeFamily counts that do not add up fail the concurrent-revocation race', async () => {
    const scenario = get(harderRaceScenarios, '10 concurrent revokeFamily');
    await run(scenario);
    await expect(run(scenario, countsSnapshot)).rejects.toEqual(fails('counts'));
  });

  it('a saveClient that keeps the old secret on null fails the client group', async () => {
    const scenario = get(clientScenarios, 'a secret and its expiry saved');
    await run(scenario);
    await expect(run(scenario, keepsOldSecret)).rejects.toEqual(fails('to deeply equal'));
  });
});
