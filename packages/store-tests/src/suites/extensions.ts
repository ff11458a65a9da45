import type { AuthorizationCodeRecord, RecordExtensions, TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { expectStoredCode } from './codes.js';
import { expectStoredToken } from './expect-stored-token.js';
import { expectPairRotation, rotationPair } from './rotation.js';

/**
 * Extensions as the OpenID Connect and resource modules fill them, plus an app's own fields:
 * unicode (outside the BMP too), a nested `claims` request with nulls, arrays, numbers,
 * booleans and an empty object and array, so that a store that keeps anything less than the
 * exact JSON value is caught.
 */
export function richExtensions(tag: string): RecordExtensions {
  return {
    authTime: 1_767_225_600,
    acr: 'urn:mace:incommon:iap:silver',
    amr: ['pwd', 'otp', 'hwk'],
    claims: {
      userinfo: {
        given_name: { essential: true },
        nickname: null,
        email: { essential: true, value: 'usér@exämple.com' },
        'http://example.info/claims/groups': null,
      },
      id_token: {
        auth_time: { essential: true },
        acr: { values: ['urn:mace:incommon:iap:silver', 'urn:mace:incommon:iap:bronze'] },
      },
    },
    resource: ['https://api.example.com/', 'https://文档.example/v2?x=1&y=ü'],
    ...({
      tag,
      note: 'nested "quotes" \\ back\\slash, tab\t, newline\n, emoji 🚀, 𝕏, ÅÄÖ, 中文',
      nested: { deep: { deeper: [1, 2.5, -3, 0, true, false, null, { k: [] }] }, empty: {} },
      emptyArray: [],
    } as object),
  };
}

/** The records of the group: one each with rich and with empty extensions. */
function tokensWithExtensions(h: SuiteHarness) {
  const rich = h.make.token({ extensions: richExtensions('token') }).record;
  const empty = h.make.token({ extensions: {} }).record;
  return { rich, empty };
}

/** A record as a caller that predates `extensions` sends it (or a row written before the column). */
function withoutExtensions<T extends TokenRecord | AuthorizationCodeRecord>(record: T): T {
  const { extensions: _, ...rest } = record;
  return rest as T;
}

/**
 * `extensions` on codes and tokens: kept as one JSON value and read back equal through every
 * lookup, through single use and through rotation; a record saved without reads `{}`.
 */
export const extensionScenarios: Scenarios = {
  'codes keep their extensions through findCode and consumeCode': async (h) => {
    const rich = h.make.code({ extensions: richExtensions('code') }).record;
    const empty = h.make.code({ extensions: {} }).record;
    for (const record of [rich, empty]) {
      await h.stores.codes.saveCode(record);
      await expectStoredCode(h, record);
      const now = h.make.date(1);
      expect(await h.stores.codes.consumeCode(record.codeDigest, now)).toEqual({
        status: 'consumed',
        code: record,
      });
      const replayedAt = h.make.date(2);
      expect(await h.stores.codes.consumeCode(record.codeDigest, replayedAt)).toEqual({
        status: 'replayed',
        code: { ...record, consumedAt: now, replayedAt },
      });
    }
    expect((await h.stores.codes.findCode(rich.codeDigest))?.extensions).toEqual(
      richExtensions('code'),
    );
  },

  'tokens keep their extensions through both lookups': async (h) => {
    const { rich, empty } = tokensWithExtensions(h);
    const accessOnly = h.make.token({
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      extensions: richExtensions('access only'),
    }).record;
    for (const record of [rich, empty, accessOnly]) {
      await h.stores.tokens.saveToken(record);
      await expectStoredToken(h, record);
    }
    expect(
      (await h.stores.tokens.findByRefreshToken(rich.refreshTokenDigest!))?.extensions,
    ).toEqual(richExtensions('token'));
    // Revocation rewrites the row: the extensions stay.
    const now = h.make.date(5);
    await h.stores.tokens.revokeFamily(rich.familyId, now);
    await expectStoredToken(h, { ...rich, revokedAt: now });
  },

  'rotation stores the extensions of next and of the access-only record': async (h) => {
    const old = h.make.token({ extensions: richExtensions('old') }).record;
    await h.stores.tokens.saveToken(old);
    const pair = rotationPair(h, old.familyId);
    const next = { ...pair.next, extensions: richExtensions('next') };
    const accessOnly = { ...pair.accessOnly, extensions: { resource: ['https://api.example/'] } };
    await expectPairRotation(h, old, next, accessOnly, h.make.date(10));
    // And the next rotation, without an access-only record, with empty extensions.
    const last = h.make.token({ familyId: old.familyId, extensions: {} }).record;
    const later = h.make.date(20);
    expect(await h.stores.tokens.rotateRefreshToken(next.refreshTokenDigest!, last, later)).toBe(
      true,
    );
    await expectStoredToken(h, { ...next, rotatedAt: later, revokedAt: later });
    await expectStoredToken(h, last);
  },

  'a code or token saved without extensions reads {}': async (h) => {
    const code = h.make.code().record;
    await h.stores.codes.saveCode(withoutExtensions(code));
    await expectStoredCode(h, { ...code, extensions: {} });
    expect(await h.stores.codes.consumeCode(code.codeDigest, h.make.date(1))).toEqual({
      status: 'consumed',
      code: { ...code, extensions: {} },
    });
    const token = h.make.token().record;
    await h.stores.tokens.saveToken(withoutExtensions(token));
    await expectStoredToken(h, { ...token, extensions: {} });
    const next = withoutExtensions(h.make.token({ familyId: token.familyId }).record);
    const now = h.make.date(10);
    expect(await h.stores.tokens.rotateRefreshToken(token.refreshTokenDigest!, next, now)).toBe(
      true,
    );
    await expectStoredToken(h, { ...next, extensions: {} });
  },
};
