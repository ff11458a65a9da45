import type { Stores } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';

/** Digests, ids and family ids the contract does not allow. */
const BAD_KEYS: readonly unknown[] = [undefined, null, '', 42, { $ne: null }];
/** `now` values the contract does not allow. */
const BAD_NOWS: readonly unknown[] = [undefined, null, new Date(Number.NaN), '2030-01-01', 0];

/** Calls `call` (sync throws included) and expects a TypeError. */
async function expectTypeError(label: string, call: () => Promise<unknown>): Promise<void> {
  const outcome = await Promise.resolve()
    .then(call)
    .then(
      (value) => ({ resolved: value }),
      (error: unknown) => ({ rejected: error }),
    );
  expect(
    'rejected' in outcome && outcome.rejected instanceof TypeError,
    `${label}: expected a TypeError, got ${
      'rejected' in outcome
        ? String(outcome.rejected)
        : `a resolved ${JSON.stringify(outcome.resolved)}`
    }`,
  ).toBe(true);
}

/** Saves an active token and an unconsumed code that a widened call would change. */
async function bystanders(h: SuiteHarness) {
  const token = h.make.token().record;
  const code = h.make.code().record;
  await h.stores.tokens.saveToken(token);
  await h.stores.codes.saveCode(code);
  return {
    token,
    code,
    async unchanged(label: string) {
      await expectStoredToken(h, token);
      expect(await h.raw.code(code.codeDigest), `${label}: code changed`).toEqual({
        consumed: false,
        replayed: false,
      });
      expect(await h.raw.client(h.clientId), `${label}: client gone`).not.toBeNull();
    },
  };
}

const asAny = (s: Stores) =>
  s as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;

/**
 * Caller mistakes (the contract: `TypeError`, never a widened operation). Prisma and Mongoose
 * drop `undefined` filter values, so a store that passes an argument through unchecked turns
 * "revoke this family" into "revoke every token"; an invalid `now` compares false with
 * everything. Every call below must reject with a `TypeError` and leave the bystanders alone.
 */
export const callerMistakeScenarios: Scenarios = {
  'a missing, empty or non-string digest is a TypeError and changes nothing': async (h) => {
    const b = await bystanders(h);
    const s = asAny(h.stores);
    const next = h.make.token({ familyId: b.token.familyId }).record;
    const now = h.make.date(10);
    for (const bad of BAD_KEYS) {
      const label = `key ${JSON.stringify(bad) ?? 'undefined'}`;
      await expectTypeError(`findByAccessToken(${label})`, () => s.tokens!.findByAccessToken!(bad));
      await expectTypeError(`findByRefreshToken(${label})`, () =>
        s.tokens!.findByRefreshToken!(bad),
      );
      await expectTypeError(`rotateRefreshToken(${label})`, () =>
        s.tokens!.rotateRefreshToken!(bad, next, now),
      );
      await expectTypeError(`revokeAccessToken(${label})`, () =>
        s.tokens!.revokeAccessToken!(bad, now),
      );
      await expectTypeError(`revokeFamily(${label})`, () => s.tokens!.revokeFamily!(bad, now));
      await expectTypeError(`findCode(${label})`, () => s.codes!.findCode!(bad));
      await expectTypeError(`consumeCode(${label})`, () => s.codes!.consumeCode!(bad, now));
      await expectTypeError(`deleteClient(${label})`, () => s.clients!.deleteClient!(bad));
      await b.unchanged(label);
    }
    await expectNoToken(h, next);
  },

  'an invalid now is a TypeError and changes nothing': async (h) => {
    const b = await bystanders(h);
    const s = asAny(h.stores);
    const next = h.make.token({ familyId: b.token.familyId }).record;
    for (const bad of BAD_NOWS) {
      const label = `now ${String(bad)}`;
      await expectTypeError(`rotateRefreshToken(${label})`, () =>
        s.tokens!.rotateRefreshToken!(b.token.refreshTokenDigest, next, bad),
      );
      await expectTypeError(`revokeAccessToken(${label})`, () =>
        s.tokens!.revokeAccessToken!(b.token.accessTokenDigest, bad),
      );
      await expectTypeError(`revokeFamily(${label})`, () =>
        s.tokens!.revokeFamily!(b.token.familyId, bad),
      );
      await expectTypeError(`consumeCode(${label})`, () =>
        s.codes!.consumeCode!(b.code.codeDigest, bad),
      );
      await expectTypeError(`tokens.deleteExpired(${label})`, () => s.tokens!.deleteExpired!(bad));
      await expectTypeError(`codes.deleteExpired(${label})`, () => s.codes!.deleteExpired!(bad));
      await b.unchanged(label);
    }
    await expectNoToken(h, next);
    // The code was never consumed: the first valid redemption still wins.
    const first = await h.stores.codes.consumeCode(b.code.codeDigest, h.make.date(20));
    expect(first.status).toBe('consumed');
  },

  'a next token of another family is a TypeError and writes nothing': async (h) => {
    const b = await bystanders(h);
    const other = h.make.token().record;
    await expectTypeError('rotateRefreshToken(next of another family)', () =>
      h.stores.tokens.rotateRefreshToken(b.token.refreshTokenDigest!, other, h.make.date(10)),
    );
    await b.unchanged('next of another family');
    await expectNoToken(h, other);
  },

  'an access-only record with a refresh token or of another family is a TypeError': async (h) => {
    const b = await bystanders(h);
    const next = h.make.token({ familyId: b.token.familyId }).record;
    const withRefresh = h.make.token({ familyId: b.token.familyId }).record;
    const otherFamily = h.make.token({
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
    }).record;
    for (const [label, accessOnly] of [
      ['with a refresh token', withRefresh],
      ['of another family', otherFamily],
    ] as const) {
      await expectTypeError(`rotateRefreshToken(accessOnly ${label})`, () =>
        h.stores.tokens.rotateRefreshToken(
          b.token.refreshTokenDigest!,
          next,
          h.make.date(10),
          accessOnly,
        ),
      );
      await b.unchanged(`accessOnly ${label}`);
      await expectNoToken(h, accessOnly);
    }
    await expectNoToken(h, next);
  },

  'records with a missing or invalid field are a TypeError and store nothing': async (h) => {
    const b = await bystanders(h);
    const s = asAny(h.stores);
    const token = h.make.token().record;
    const code = h.make.code().record;
    const client = h.make.client().record;
    const badTokens = [
      { ...token, accessTokenDigest: '' },
      { ...token, familyId: undefined },
      { ...token, refreshTokenDigest: '' },
      { ...token, accessTokenExpiresAt: new Date(Number.NaN) },
      { ...token, clientId: undefined },
    ];
    for (const [i, bad] of badTokens.entries()) {
      await expectTypeError(`saveToken(bad token ${i})`, () => s.tokens!.saveToken!(bad));
    }
    await expectNoToken(h, token);
    for (const bad of [null, undefined, 'token']) {
      await expectTypeError(`saveToken(${String(bad)})`, () => s.tokens!.saveToken!(bad));
    }
    const badCodes = [
      { ...code, codeDigest: '' },
      { ...code, familyId: undefined },
      { ...code, expiresAt: 'soon' },
    ];
    for (const [i, bad] of badCodes.entries()) {
      await expectTypeError(`saveCode(bad code ${i})`, () => s.codes!.saveCode!(bad));
    }
    expect(await h.raw.code(code.codeDigest)).toBeNull();
    for (const [i, bad] of [
      { ...client, clientId: '' },
      { ...client, metadata: null },
    ].entries()) {
      await expectTypeError(`saveClient(bad client ${i})`, () => s.clients!.saveClient!(bad));
    }
    expect(await h.raw.client(client.clientId)).toBeNull();
    await b.unchanged('bad records');
  },
};
