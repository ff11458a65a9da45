import { expect } from 'vitest';
import type { Scenarios } from '../suite-harness.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';

/** Tokens: save, lookups, dates, scopes, uniqueness, revocation of one token or a family. */
export const tokenScenarios: Scenarios = {
  'saves a token and finds it by access and by refresh digest': async (h) => {
    const { record } = h.make.token();
    await h.stores.tokens.saveToken(record);
    await expectStoredToken(h, record);
  },

  'returns null for unknown digests': async (h) => {
    await h.stores.tokens.saveToken(h.make.token().record);
    await expectNoToken(h, h.make.token().record);
  },

  'round-trips every date as a Date, to the declared precision': async (h) => {
    const withRefresh = h.make.token().record;
    const noRefreshExpiry = h.make.token({ refreshTokenExpiresAt: null }).record;
    const clientCredentials = h.make.token({
      refreshTokenDigest: null,
      userId: null,
      grantType: 'client_credentials',
      tokenType: 'DPoP',
    }).record;
    for (const record of [withRefresh, noRefreshExpiry, clientCredentials]) {
      await h.stores.tokens.saveToken(record);
      const found = await h.stores.tokens.findByAccessToken(record.accessTokenDigest);
      for (const field of ['issuedAt', 'accessTokenExpiresAt'] as const) {
        expect(found![field], field).toBeInstanceOf(Date);
        expect(found![field].getTime(), field).toBe(record[field].getTime());
      }
      expect(found!.refreshTokenExpiresAt?.getTime() ?? null).toBe(
        record.refreshTokenExpiresAt?.getTime() ?? null,
      );
      await expectStoredToken(h, record);
    }
  },

  'keeps records without a refresh token, several of them': async (h) => {
    const a = h.make.token({ refreshTokenDigest: null }).record;
    const b = h.make.token({ refreshTokenDigest: null, familyId: a.familyId }).record;
    await h.stores.tokens.saveToken(a);
    await h.stores.tokens.saveToken(b);
    await expectStoredToken(h, a);
    await expectStoredToken(h, b);
  },

  'round-trips unicode and long (2000+ characters) scopes': async (h) => {
    const unicode = h.make.token({ scope: 'openid lire:文档 écrire 🚀 "q" \\' }).record;
    const words = Array.from({ length: 230 }, (_, i) => `scope:${String(i).padStart(3, '0')}`);
    const long = h.make.token({ scope: `${words.join(' ')} ü🚀` }).record;
    expect(long.scope.length).toBeGreaterThan(2000);
    await h.stores.tokens.saveToken(unicode);
    await h.stores.tokens.saveToken(long);
    await expectStoredToken(h, unicode);
    await expectStoredToken(h, long);
  },

  'rejects a duplicate access or refresh digest and writes nothing': async (h) => {
    const original = h.make.token().record;
    await h.stores.tokens.saveToken(original);
    const sameAccess = h.make.token({ accessTokenDigest: original.accessTokenDigest }).record;
    await expect(h.stores.tokens.saveToken(sameAccess)).rejects.toBeDefined();
    expect(await h.stores.tokens.findByRefreshToken(sameAccess.refreshTokenDigest!)).toBeNull();
    const sameRefresh = h.make.token({ refreshTokenDigest: original.refreshTokenDigest }).record;
    await expect(h.stores.tokens.saveToken(sameRefresh)).rejects.toBeDefined();
    await expectNoToken(h, { ...sameRefresh, refreshTokenDigest: null });
    await expectStoredToken(h, original);
  },

  'revokes an access token once': async (h) => {
    const { record } = h.make.token();
    const other = h.make.token({ familyId: record.familyId }).record;
    await h.stores.tokens.saveToken(record);
    await h.stores.tokens.saveToken(other);
    const now = h.make.date(10);
    expect(await h.stores.tokens.revokeAccessToken(record.accessTokenDigest, now)).toBe(true);
    expect(await h.stores.tokens.revokeAccessToken(record.accessTokenDigest, h.make.date(20))).toBe(
      false,
    );
    expect((await h.raw.token(record.accessTokenDigest))!.revoked).toBe(true);
    await expectStoredToken(h, { ...record, revokedAt: now });
    await expectStoredToken(h, other);
    expect(
      await h.stores.tokens.revokeAccessToken(h.make.token().record.accessTokenDigest, now),
    ).toBe(false);
  },

  'revokes a whole family, counts what it revoked, and leaves other families alone': async (h) => {
    const family = h.make.token().record.familyId;
    const members = [1, 2, 3].map(() => h.make.token({ familyId: family }).record);
    const others = [1, 2].map(() => h.make.token().record);
    for (const r of [...members, ...others]) await h.stores.tokens.saveToken(r);
    const earlier = h.make.date(5);
    await h.stores.tokens.revokeAccessToken(members[0]!.accessTokenDigest, earlier);
    const now = h.make.date(10);
    expect(await h.stores.tokens.revokeFamily(family, now)).toBe(2);
    // Already-revoked records keep the time they were revoked at.
    await expectStoredToken(h, { ...members[0]!, revokedAt: earlier });
    await expectStoredToken(h, { ...members[1]!, revokedAt: now });
    await expectStoredToken(h, { ...members[2]!, revokedAt: now });
    for (const r of others) await expectStoredToken(h, r);
    expect(await h.stores.tokens.revokeFamily(family, h.make.date(20))).toBe(0);
    expect(await h.stores.tokens.revokeFamily('no-such-family', now)).toBe(0);
  },
};
