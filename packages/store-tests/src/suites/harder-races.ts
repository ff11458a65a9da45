import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';

/** Rotations in the chain that races revokeFamily. */
export const CHAIN_LENGTH = 12;
/** Expired records in the cleanup race: more than one batch at the default batch size. */
export const EXPIRED_RECORDS = 1100;
/** Concurrent revokeFamily calls whose counts must add up. */
export const CONCURRENT_REVOCATIONS = 10;

async function saveAll(h: SuiteHarness, records: TokenRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 50) {
    await Promise.all(records.slice(i, i + 50).map((r) => h.stores.tokens.saveToken(r)));
  }
}

async function expectNoneActive(h: SuiteHarness, records: TokenRecord[], label: string) {
  for (const r of records) {
    const raw = await h.raw.token(r.accessTokenDigest);
    if (raw !== null) expect(raw.revoked, `${label}: ${r.accessTokenDigest} active`).toBe(true);
  }
}

/** Races beyond one rotation against one revocation. */
export const harderRaceScenarios: Scenarios = {
  [`revokeFamily racing a chain of ${CHAIN_LENGTH} rotations leaves nothing active`]: async (h) => {
    for (let round = 0; round < 4; round++) {
      const first = h.make.token().record;
      await h.stores.tokens.saveToken(first);
      const chain: TokenRecord[] = [first];
      const rotate = async () => {
        for (let i = 0; i < CHAIN_LENGTH; i++) {
          const prev = chain[chain.length - 1]!;
          const next = h.make.token({ familyId: first.familyId }).record;
          chain.push(next);
          const won = await h.stores.tokens.rotateRefreshToken(
            prev.refreshTokenDigest!,
            next,
            h.make.date(i + 1),
          );
          if (!won) return;
        }
      };
      const revoke = async () => {
        for (let i = 0; i < round * 2; i++) await nextTurn();
        return h.stores.tokens.revokeFamily(first.familyId, h.make.date(100));
      };
      await Promise.all([rotate(), revoke()]);
      await expectNoneActive(h, chain, `round ${round}`);
      // Every later rotation of any of them is refused.
      const last = chain.findLast((r) => r.refreshTokenDigest !== null)!;
      const late = h.make.token({ familyId: first.familyId }).record;
      expect(
        await h.stores.tokens.rotateRefreshToken(last.refreshTokenDigest!, late, h.make.date(200)),
      ).toBe(false);
    }
  },

  [`cleanup of ${EXPIRED_RECORDS} expired records (several batches) racing revokeFamily`]: async (
    h,
  ) => {
    const family = h.make.token().record.familyId;
    const live = Array.from({ length: 20 }, () => h.make.token({ familyId: family }).record);
    // Expired at the cleanup's `now` (but not on the wall clock, so no TTL takes them first);
    // half belong to the family being revoked.
    const expired = Array.from(
      { length: EXPIRED_RECORDS },
      (_, i) =>
        h.make.token({
          familyId: i % 2 === 0 ? family : h.make.token().record.familyId,
          accessTokenExpiresAt: h.make.date(100),
          refreshTokenDigest: null,
          refreshTokenExpiresAt: null,
        }).record,
    );
    const bystander = h.make.token().record;
    await saveAll(h, [...live, ...expired, bystander]);
    const [deleted] = await Promise.all([
      h.stores.tokens.deleteExpired(h.make.date(7200)),
      (async () => {
        await nextTurn();
        return h.stores.tokens.revokeFamily(family, h.make.date(50));
      })(),
    ]);
    expect(deleted, 'records deleted').toBe(EXPIRED_RECORDS);
    await expectNoneActive(h, live, 'live family member');
    for (const r of [expired[0]!, expired[1]!, expired.at(-1)!]) {
      expect(await h.raw.token(r.accessTokenDigest)).toBeNull();
    }
    expect((await h.raw.token(bystander.accessTokenDigest))?.revoked).toBe(false);
  },

  [`${CONCURRENT_REVOCATIONS} concurrent revokeFamily calls: their counts add up`]: async (h) => {
    const family = h.make.token().record.familyId;
    const members = Array.from({ length: 30 }, () => h.make.token({ familyId: family }).record);
    await saveAll(h, members);
    const counts = await Promise.all(
      Array.from({ length: CONCURRENT_REVOCATIONS }, (_, i) =>
        h.stores.tokens.revokeFamily(family, h.make.date(i + 1)),
      ),
    );
    expect(
      counts.reduce((a, b) => a + b, 0),
      `counts ${counts.join(',')}`,
    ).toBe(members.length);
    await expectNoneActive(h, members, 'member');
  },
};
