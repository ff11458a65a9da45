import type { AuthorizationCodeRecord, TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { expectStoredCode } from './codes.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';

// The rule, for a cleanup at `now` (`<=`: a record expiring at `now` is expired, as the
// server's own checks say):
//
//   access expired  refresh token               record
//   no              any                         kept (the access token still works)
//   yes             none                        deleted
//   yes             expiry <= now               deleted
//   yes             expiry > now                kept (it can still be exchanged)
//   yes             expiry null (never)         kept
//
// Revocation and rotation change nothing: a rotated record is how a replayed refresh token is
// recognised until it would have expired. A code goes once `expiresAt <= now`, consumed or
// not; an unexpired consumed code stays, to recognise a replay. Every date below lies in the
// future of the wall clock (records the Redis and MongoDB TTLs keep), and `now` is passed
// explicitly, later still; the last scenario uses real past dates.

/** The cleanup's `now` in the scenarios: two hours after the fixtures' base time. */
const NOW = 7200;

async function expectCodeGone(h: SuiteHarness, record: AuthorizationCodeRecord): Promise<void> {
  expect(await h.raw.code(record.codeDigest), 'raw code').toBeNull();
  expect(await h.stores.codes.findCode(record.codeDigest)).toBeNull();
}

/** Saves `records` and checks each is deleted or kept as its label says. */
function tokenCases(h: SuiteHarness) {
  const before = () => h.make.date(NOW - 3600);
  const after = () => h.make.date(NOW + 3600);
  const noRefresh = { refreshTokenDigest: null, refreshTokenExpiresAt: null };
  const gone: Record<string, TokenRecord> = {
    'access expired, no refresh token': h.make.token({
      ...noRefresh,
      accessTokenExpiresAt: before(),
    }).record,
    'both expired': h.make.token({
      accessTokenExpiresAt: before(),
      refreshTokenExpiresAt: before(),
    }).record,
    'both expired, revoked and rotated': h.make.token({
      accessTokenExpiresAt: before(),
      refreshTokenExpiresAt: before(),
      revokedAt: h.make.date(5),
      rotatedAt: h.make.date(5),
    }).record,
  };
  const kept: Record<string, TokenRecord> = {
    'access alive, no refresh token': h.make.token({ ...noRefresh, accessTokenExpiresAt: after() })
      .record,
    'access expired, refresh alive': h.make.token({
      accessTokenExpiresAt: before(),
      refreshTokenExpiresAt: after(),
    }).record,
    'access alive, refresh expired': h.make.token({
      accessTokenExpiresAt: after(),
      refreshTokenExpiresAt: before(),
    }).record,
    'access expired, refresh never expires': h.make.token({
      accessTokenExpiresAt: before(),
      refreshTokenExpiresAt: null,
    }).record,
    'access expired, refresh alive, rotated (replay detection)': h.make.token({
      accessTokenExpiresAt: before(),
      refreshTokenExpiresAt: after(),
      revokedAt: h.make.date(5),
      rotatedAt: h.make.date(5),
    }).record,
  };
  return { gone, kept };
}

/** Expired-record cleanup (`deleteExpired`): what goes, what stays, the counts, the traces. */
export const expiredRecordScenarios: Scenarios = {
  'deleteExpired deletes a token only once its access and refresh token have both expired': async (
    h,
  ) => {
    const { gone, kept } = tokenCases(h);
    for (const r of [...Object.values(gone), ...Object.values(kept)]) {
      await h.stores.tokens.saveToken(r);
    }
    expect(await h.stores.tokens.deleteExpired(h.make.date(NOW))).toBe(3);
    for (const [label, r] of Object.entries(gone)) {
      expect(await h.raw.token(r.accessTokenDigest), label).toBeNull();
      await expectNoToken(h, r);
    }
    for (const [label, r] of Object.entries(kept)) {
      expect(await h.raw.token(r.accessTokenDigest), label).not.toBeNull();
      await expectStoredToken(h, r);
    }
    expect(await h.stores.tokens.deleteExpired(h.make.date(NOW))).toBe(0);
  },

  'deleteExpired deletes expired codes, consumed or not, and keeps unexpired ones': async (h) => {
    const before = () => h.make.date(NOW - 3600);
    const after = () => h.make.date(NOW + 3600);
    const expired = h.make.code({ expiresAt: before() }).record;
    const expiredConsumed = h.make.code({ expiresAt: before() }).record;
    const liveConsumed = h.make.code({ expiresAt: after() }).record;
    const live = h.make.code({ expiresAt: after() }).record;
    for (const r of [expired, expiredConsumed, liveConsumed, live])
      await h.stores.codes.saveCode(r);
    const t1 = h.make.date(1);
    await h.stores.codes.consumeCode(expiredConsumed.codeDigest, t1);
    await h.stores.codes.consumeCode(expiredConsumed.codeDigest, h.make.date(2));
    await h.stores.codes.consumeCode(liveConsumed.codeDigest, t1);

    expect(await h.stores.codes.deleteExpired(h.make.date(NOW))).toBe(2);
    await expectCodeGone(h, expired);
    await expectCodeGone(h, expiredConsumed);
    await expectStoredCode(h, live);
    await expectStoredCode(h, { ...liveConsumed, consumedAt: t1 });
    // The kept consumed code still tells a replay from an unknown code.
    const replay = await h.stores.codes.consumeCode(liveConsumed.codeDigest, h.make.date(3));
    expect(replay.status).toBe('replayed');
    expect(await h.stores.codes.deleteExpired(h.make.date(NOW))).toBe(0);
  },

  'the expiry instant itself is expired; one unit of precision earlier it is not': async (h) => {
    const step = h.precision === 'second' ? 1000 : 1;
    const edge = h.make.date(600);
    const justBefore = new Date(edge.getTime() - step);
    const token = h.make.token({ accessTokenExpiresAt: edge, refreshTokenExpiresAt: edge }).record;
    const code = h.make.code({ expiresAt: edge }).record;
    await h.stores.tokens.saveToken(token);
    await h.stores.codes.saveCode(code);
    expect(await h.stores.tokens.deleteExpired(justBefore)).toBe(0);
    expect(await h.stores.codes.deleteExpired(justBefore)).toBe(0);
    await expectStoredToken(h, token);
    await expectStoredCode(h, code);
    expect(await h.stores.tokens.deleteExpired(edge)).toBe(1);
    expect(await h.stores.codes.deleteExpired(edge)).toBe(1);
    await expectNoToken(h, token);
    await expectCodeGone(h, code);
  },

  'a deleted record leaves no trace: the dump holds none of its digests, its family works on':
    async (h) => {
      const expired = h.make.token({
        accessTokenExpiresAt: h.make.date(NOW - 3600),
        refreshTokenExpiresAt: h.make.date(NOW - 1800),
      }).record;
      const sibling = h.make.token({ familyId: expired.familyId }).record;
      const code = h.make.code({ expiresAt: h.make.date(NOW - 3000) }).record;
      await h.stores.tokens.saveToken(expired);
      await h.stores.tokens.saveToken(sibling);
      await h.stores.codes.saveCode(code);
      expect(await h.stores.tokens.deleteExpired(h.make.date(NOW))).toBe(1);
      expect(await h.stores.codes.deleteExpired(h.make.date(NOW))).toBe(1);
      const dump = await h.raw.dump();
      for (const digest of [
        expired.accessTokenDigest,
        expired.refreshTokenDigest!,
        code.codeDigest,
      ]) {
        expect(dump.includes(digest), `dump still holds ${digest}`).toBe(false);
      }
      expect(dump).toContain(sibling.accessTokenDigest);
      const now = h.make.date(NOW + 10);
      expect(await h.stores.tokens.revokeFamily(expired.familyId, now)).toBe(1);
      await expectStoredToken(h, { ...sibling, revokedAt: now });
    },

  'a rotated record stays until its refresh token expires, so replays are still caught': async (
    h,
  ) => {
    const old = h.make.token({
      accessTokenExpiresAt: h.make.date(1800),
      refreshTokenExpiresAt: h.make.date(NOW + 3600),
    }).record;
    const next = h.make.token({ familyId: old.familyId }).record;
    await h.stores.tokens.saveToken(old);
    const rotatedAt = h.make.date(900);
    expect(await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, rotatedAt)).toBe(
      true,
    );
    expect(await h.stores.tokens.deleteExpired(h.make.date(NOW))).toBe(0);
    const replay = h.make.token({ familyId: old.familyId }).record;
    expect(
      await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, replay, h.make.date(NOW)),
    ).toBe(false);
    await expectStoredToken(h, { ...old, rotatedAt, revokedAt: rotatedAt });
    await expectNoToken(h, replay);
    // Once the old refresh token has expired too, only the old record goes.
    expect(await h.stores.tokens.deleteExpired(h.make.date(NOW + 7200))).toBe(1);
    await expectNoToken(h, old);
    await expectStoredToken(h, next);
  },

  'deleteExpired rejects an invalid now with a TypeError and deletes nothing': async (h) => {
    const token = h.make.token({ refreshTokenDigest: null, refreshTokenExpiresAt: null }).record;
    const code = h.make.code().record;
    await h.stores.tokens.saveToken(token);
    await h.stores.codes.saveCode(code);
    for (const bad of [undefined, null, new Date(Number.NaN), '2099-01-01', 4102444800000]) {
      const call = (fn: (now: Date) => Promise<number>) =>
        Promise.resolve().then(() => fn(bad as unknown as Date));
      await expect(
        call((now) => h.stores.tokens.deleteExpired(now)),
        String(bad),
      ).rejects.toThrow(TypeError);
      await expect(
        call((now) => h.stores.codes.deleteExpired(now)),
        String(bad),
      ).rejects.toThrow(TypeError);
    }
    await expectStoredToken(h, token);
    await expectStoredCode(h, code);
  },

  'records already expired by the wall clock are gone after deleteExpired(new Date())': async (
    h,
  ) => {
    // A store may drop these by itself (a Redis TTL fires at once); either way, after the
    // cleanup they are gone, the live ones are there, and nothing is counted twice.
    const past = h.make.token({
      accessTokenExpiresAt: h.make.date(-7200),
      refreshTokenExpiresAt: h.make.date(-3600),
      issuedAt: h.make.date(-9000),
    }).record;
    const pastCode = h.make.code({
      issuedAt: h.make.date(-9000),
      expiresAt: h.make.date(-7200),
    }).record;
    const live = h.make.token().record;
    const liveCode = h.make.code().record;
    for (const r of [past, live]) await h.stores.tokens.saveToken(r);
    for (const r of [pastCode, liveCode]) await h.stores.codes.saveCode(r);
    const tokens = await h.stores.tokens.deleteExpired(new Date());
    const codes = await h.stores.codes.deleteExpired(new Date());
    expect([0, 1]).toContain(tokens);
    expect([0, 1]).toContain(codes);
    await expectNoToken(h, past);
    await expectCodeGone(h, pastCode);
    await expectStoredToken(h, live);
    await expectStoredCode(h, liveCode);
  },
};
