import type { AuthorizationCodeRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';

/** Checks that `record` is exactly what is stored, through the store and the raw reader. */
export async function expectStoredCode(
  h: SuiteHarness,
  record: AuthorizationCodeRecord,
): Promise<void> {
  expect(await h.stores.codes.findCode(record.codeDigest)).toEqual(record);
  expect(await h.raw.code(record.codeDigest)).toEqual({
    consumed: record.consumedAt !== null,
    replayed: record.replayedAt !== null,
  });
}

/** Authorization codes: save, find, and single use with replay detection. */
export const codeScenarios: Scenarios = {
  'saving a code whose digest is stored is refused and never overwrites it': async (h) => {
    const { record } = h.make.code();
    await h.stores.codes.saveCode(record);
    const now = h.make.date(5);
    expect((await h.stores.codes.consumeCode(record.codeDigest, now)).status).toBe('consumed');
    // An overwrite would make the used code redeemable again.
    const again = h.make.code({ codeDigest: record.codeDigest, scope: 'admin' }).record;
    await expect(h.stores.codes.saveCode(again)).rejects.toThrow();
    await expectStoredCode(h, { ...record, consumedAt: now });
    const replay = await h.stores.codes.consumeCode(record.codeDigest, h.make.date(6));
    expect(replay.status).toBe('replayed');
  },

  'saves a code and finds it': async (h) => {
    const { record } = h.make.code();
    await h.stores.codes.saveCode(record);
    await expectStoredCode(h, record);
  },

  'returns null and not_found for an unknown code': async (h) => {
    await h.stores.codes.saveCode(h.make.code().record);
    const unknown = h.make.code().record.codeDigest;
    expect(await h.stores.codes.findCode(unknown)).toBeNull();
    expect(await h.raw.code(unknown)).toBeNull();
    expect(await h.stores.codes.consumeCode(unknown, h.make.date(1))).toEqual({
      status: 'not_found',
    });
    expect(await h.raw.code(unknown)).toBeNull();
  },

  'round-trips every field, nullable ones both null and set': async (h) => {
    const nulls = h.make.code({
      redirectUri: null,
      codeChallenge: null,
      codeChallengeMethod: null,
      nonce: null,
    }).record;
    const set = h.make.code({
      redirectUri: 'http://127.0.0.1:51004/cb?app=é',
      codeChallengeMethod: 'plain',
      nonce: 'n-0S6_WzA2Mj ü🚀',
      scope: 'openid lire:文档',
      userId: 'usér-ü',
    }).record;
    for (const record of [nulls, set]) {
      await h.stores.codes.saveCode(record);
      await expectStoredCode(h, record);
      const found = await h.stores.codes.findCode(record.codeDigest);
      expect(found!.issuedAt).toBeInstanceOf(Date);
      expect(found!.expiresAt.getTime()).toBe(record.expiresAt.getTime());
    }
  },

  'consumes a code once, then records the replay': async (h) => {
    const { record } = h.make.code();
    await h.stores.codes.saveCode(record);
    const [t1, t2, t3] = [h.make.date(1), h.make.date(2), h.make.date(3)];
    // The winner gets the record as it was before consumption.
    expect(await h.stores.codes.consumeCode(record.codeDigest, t1)).toEqual({
      status: 'consumed',
      code: record,
    });
    await expectStoredCode(h, { ...record, consumedAt: t1 });
    const replayed = { ...record, consumedAt: t1, replayedAt: t2 };
    expect(await h.stores.codes.consumeCode(record.codeDigest, t2)).toEqual({
      status: 'replayed',
      code: replayed,
    });
    await expectStoredCode(h, replayed);
    // The first replay's time is kept.
    expect(await h.stores.codes.consumeCode(record.codeDigest, t3)).toEqual({
      status: 'replayed',
      code: replayed,
    });
    await expectStoredCode(h, replayed);
  },

  'consuming one code leaves the others alone': async (h) => {
    const a = h.make.code().record;
    const b = h.make.code({ familyId: a.familyId }).record;
    await h.stores.codes.saveCode(a);
    await h.stores.codes.saveCode(b);
    expect((await h.stores.codes.consumeCode(a.codeDigest, h.make.date(1))).status).toBe(
      'consumed',
    );
    await expectStoredCode(h, b);
    expect((await h.stores.codes.consumeCode(b.codeDigest, h.make.date(2))).status).toBe(
      'consumed',
    );
  },
};
