import type { TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';

/** Refresh-token rotation: one atomic step that either fully happens or writes nothing. */
export const rotationScenarios: Scenarios = {
  'rotates a refresh token: old rotated and revoked, new one stored': async (h) => {
    const old = h.make.token().record;
    const next = h.make.token({ familyId: old.familyId, grantType: 'refresh_token' }).record;
    await h.stores.tokens.saveToken(old);
    const now = h.make.date(10);
    expect(await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now)).toBe(true);
    // The old refresh digest must still be found: that is how a replay is recognised.
    await expectStoredToken(h, { ...old, rotatedAt: now, revokedAt: now });
    await expectStoredToken(h, next);
  },

  'refuses to rotate an unknown refresh token and writes nothing': async (h) => {
    const unknown = h.make.token().record;
    const next = h.make.token({ familyId: unknown.familyId }).record;
    expect(
      await h.stores.tokens.rotateRefreshToken(unknown.refreshTokenDigest!, next, h.make.date(10)),
    ).toBe(false);
    await expectNoToken(h, next);
  },

  'refuses to rotate an already rotated refresh token and writes nothing': async (h) => {
    const old = h.make.token().record;
    const first = h.make.token({ familyId: old.familyId }).record;
    const second = h.make.token({ familyId: old.familyId }).record;
    await h.stores.tokens.saveToken(old);
    const now = h.make.date(10);
    expect(await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, first, now)).toBe(
      true,
    );
    expect(
      await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, second, h.make.date(20)),
    ).toBe(false);
    await expectNoToken(h, second);
    await expectStoredToken(h, { ...old, rotatedAt: now, revokedAt: now });
    await expectStoredToken(h, first);
  },

  'refuses to rotate a revoked refresh token and writes nothing': async (h) => {
    const byToken = h.make.token().record;
    const byFamily = h.make.token().record;
    await h.stores.tokens.saveToken(byToken);
    await h.stores.tokens.saveToken(byFamily);
    const now = h.make.date(10);
    await h.stores.tokens.revokeAccessToken(byToken.accessTokenDigest, now);
    await h.stores.tokens.revokeFamily(byFamily.familyId, now);
    for (const old of [byToken, byFamily]) {
      const next = h.make.token({ familyId: old.familyId }).record;
      expect(
        await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, h.make.date(20)),
      ).toBe(false);
      await expectNoToken(h, next);
      await expectStoredToken(h, { ...old, revokedAt: now });
    }
  },

  'rotation is all or nothing: a failed insert leaves the old token active': async (h) => {
    const old = h.make.token().record;
    const bystander = h.make.token().record;
    await h.stores.tokens.saveToken(old);
    await h.stores.tokens.saveToken(bystander);
    // `next` collides with an existing access digest, so its insert must fail.
    const next = h.make.token({
      familyId: old.familyId,
      accessTokenDigest: bystander.accessTokenDigest,
    }).record;
    const outcome = await h.stores.tokens
      .rotateRefreshToken(old.refreshTokenDigest!, next, h.make.date(10))
      .catch(() => 'rejected' as const);
    expect(outcome === false || outcome === 'rejected', `outcome ${String(outcome)}`).toBe(true);
    await expectStoredToken(h, old);
    await expectStoredToken(h, bystander);
    expect(await h.stores.tokens.findByRefreshToken(next.refreshTokenDigest!)).toBeNull();
  },

  'rotates into a refresh record plus an access-only record, as one step': async (h) => {
    const old = h.make.token().record;
    await h.stores.tokens.saveToken(old);
    const { next, accessOnly } = rotationPair(h, old.familyId);
    await expectPairRotation(h, old, next, accessOnly, h.make.date(10));
  },

  'a lost rotation writes neither record': async (h) => {
    const old = h.make.token().record;
    await h.stores.tokens.saveToken(old);
    const first = rotationPair(h, old.familyId);
    const second = rotationPair(h, old.familyId);
    const now = h.make.date(10);
    const digest = old.refreshTokenDigest!;
    expect(
      await h.stores.tokens.rotateRefreshToken(digest, first.next, now, first.accessOnly),
    ).toBe(true);
    expect(
      await h.stores.tokens.rotateRefreshToken(digest, second.next, now, second.accessOnly),
    ).toBe(false);
    await expectNoToken(h, second.next);
    await expectNoToken(h, second.accessOnly);
  },

  'all or nothing with an access-only record: its failed insert leaves the old token active':
    async (h) => {
      const old = h.make.token().record;
      const bystander = h.make.token({
        refreshTokenDigest: null,
        refreshTokenExpiresAt: null,
      }).record;
      await h.stores.tokens.saveToken(old);
      await h.stores.tokens.saveToken(bystander);
      const { next } = rotationPair(h, old.familyId);
      // The access-only record collides with an existing access digest: its insert must fail,
      // and with it the whole rotation.
      const accessOnly = rotationPair(h, old.familyId, bystander.accessTokenDigest).accessOnly;
      const outcome = await h.stores.tokens
        .rotateRefreshToken(old.refreshTokenDigest!, next, h.make.date(10), accessOnly)
        .catch(() => 'rejected' as const);
      expect(outcome === false || outcome === 'rejected', `outcome ${String(outcome)}`).toBe(true);
      await expectStoredToken(h, old);
      await expectStoredToken(h, bystander);
      await expectNoToken(h, next);
    },
};

/** The records of a narrowed rotation: a refresh-carrying record and an access-only one. */
export function rotationPair(h: SuiteHarness, familyId: string, accessDigest?: string) {
  const next = h.make.token({
    familyId,
    grantType: 'refresh_token',
    accessTokenExpiresAt: h.make.date(0),
  }).record;
  const accessOnly = h.make.token({
    familyId,
    grantType: 'refresh_token',
    scope: 'profile',
    refreshTokenDigest: null,
    refreshTokenExpiresAt: null,
    ...(accessDigest ? { accessTokenDigest: accessDigest } : {}),
  }).record;
  return { next, accessOnly };
}

/**
 * Rotates `old` (already saved) into `next` plus `accessOnly` at `now` and checks the
 * outcome: won, `old` rotated and revoked at `now`, both new records stored as given.
 */
export async function expectPairRotation(
  h: SuiteHarness,
  old: TokenRecord,
  next: TokenRecord,
  accessOnly: TokenRecord,
  now: Date,
): Promise<void> {
  expect(
    await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now, accessOnly),
  ).toBe(true);
  await expectStoredToken(h, { ...old, rotatedAt: now, revokedAt: now });
  await expectStoredToken(h, next);
  await expectStoredToken(h, accessOnly);
}
