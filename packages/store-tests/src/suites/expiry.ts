import { expect } from 'vitest';
import type { Scenarios } from '../suite-harness.js';
import { expectStoredToken } from './expect-stored-token.js';

/**
 * What expiry must not do: a store may forget a record once *both* its expiries have passed,
 * never earlier. These use dates already past on the wall clock, so a store whose TTL (Redis
 * key expiry, MongoDB TTL index) is set from the wrong date loses the record at once.
 */
export const expiryScenarios: Scenarios = {
  'an expired access token with a live refresh token is still found, and rotates': async (h) => {
    const old = h.make.token({
      issuedAt: h.make.date(-7200),
      accessTokenExpiresAt: h.make.date(-3600),
      refreshTokenExpiresAt: h.make.date(30 * 86400),
    }).record;
    await h.stores.tokens.saveToken(old);
    await expectStoredToken(h, old);
    const next = h.make.token({ familyId: old.familyId, grantType: 'refresh_token' }).record;
    const now = h.make.date(10);
    expect(await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now)).toBe(true);
    await expectStoredToken(h, { ...old, rotatedAt: now, revokedAt: now });
    await expectStoredToken(h, next);
  },

  'an expired refresh token with a live access token is still found by both digests': async (h) => {
    const record = h.make.token({
      issuedAt: h.make.date(-7200),
      refreshTokenExpiresAt: h.make.date(-3600),
      accessTokenExpiresAt: h.make.date(3600),
    }).record;
    await h.stores.tokens.saveToken(record);
    await expectStoredToken(h, record);
  },

  'an expired code that is still stored is consumed once, then replayed': async (h) => {
    const { record } = h.make.code({ issuedAt: h.make.date(-900), expiresAt: h.make.date(-300) });
    await h.stores.codes.saveCode(record);
    // A store that drops codes at `expiresAt` (a Redis TTL, a MongoDB TTL index) may answer
    // `not_found`, refused as well, but only once the code is really gone.
    const first = await h.stores.codes.consumeCode(record.codeDigest, h.make.date(1));
    if (first.status === 'not_found') {
      expect(await h.raw.code(record.codeDigest), 'not_found while stored').toBeNull();
      return;
    }
    // Expiry is the server's to judge; the store reports the redemption like any other.
    expect(first).toEqual({ status: 'consumed', code: record });
    const second = await h.stores.codes.consumeCode(record.codeDigest, h.make.date(2));
    if (second.status === 'not_found') {
      expect(await h.raw.code(record.codeDigest), 'not_found while stored').toBeNull();
    } else {
      expect(second.status).toBe('replayed');
    }
  },
};
