import type { Stores, TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import type { FaultyStores } from '../suite-options.js';
import { expectNoToken, expectStoredToken } from './expect-stored-token.js';
import { rotationPair } from './rotation.js';

/** Round trips a rotation may take on any store, with room to spare. */
export const MAX_ROTATION_STEPS = 16;

async function withFaulty<T>(
  h: SuiteHarness,
  okCalls: number,
  use: (stores: Stores) => Promise<T>,
): Promise<T> {
  if (!h.faulty) throw new Error('this context cannot inject failures');
  const faulty: FaultyStores = await h.faulty(okCalls);
  try {
    return await use(faulty.stores);
  } finally {
    await faulty.close();
  }
}

/** Every method, called on records that exist, so that a found/won answer is possible. */
function everyCall(
  h: SuiteHarness,
  s: Stores,
  token: TokenRecord,
  code: string,
): Record<string, () => Promise<unknown>> {
  const now = h.make.date(30);
  const next = h.make.token({ familyId: token.familyId }).record;
  const client = h.make.client({ clientId: h.clientId }).record;
  return {
    findClient: () => s.clients.findClient(h.clientId),
    saveClient: () => s.clients.saveClient(client),
    deleteClient: () => s.clients.deleteClient(h.clientId),
    saveToken: () => s.tokens.saveToken(h.make.token().record),
    findByAccessToken: () => s.tokens.findByAccessToken(token.accessTokenDigest),
    findByRefreshToken: () => s.tokens.findByRefreshToken(token.refreshTokenDigest!),
    rotateRefreshToken: () => s.tokens.rotateRefreshToken(token.refreshTokenDigest!, next, now),
    revokeAccessToken: () => s.tokens.revokeAccessToken(token.accessTokenDigest, now),
    revokeFamily: () => s.tokens.revokeFamily(token.familyId, now),
    deleteTokens: () => s.tokens.deleteExpired(now),
    saveCode: () => s.codes.saveCode(h.make.code().record),
    findCode: () => s.codes.findCode(code),
    consumeCode: () => s.codes.consumeCode(code, now),
    deleteCodes: () => s.codes.deleteExpired(now),
  };
}

/** The stored state of one rotation: the old token untouched and nothing new, or all done. */
async function expectAllOrNothing(
  h: SuiteHarness,
  old: TokenRecord,
  issued: TokenRecord[],
  step: number,
) {
  const before = await h.raw.token(old.accessTokenDigest);
  if (before?.rotated) {
    // The failure came after the commit (the answer was lost): the rotation is whole.
    expect(before.revoked, `step ${step}: rotated but not revoked`).toBe(true);
    for (const r of issued) await expectStoredToken(h, r);
    return;
  }
  await expectStoredToken(h, old);
  for (const r of issued) await expectNoToken(h, r);
  // And the old token is usable: the client's retry rotates it.
  const retry = h.make.token({ familyId: old.familyId }).record;
  const now = h.make.date(40);
  expect(
    await h.stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, retry, now),
    `step ${step}: the retry after the failure`,
  ).toBe(true);
  await expectStoredToken(h, retry);
}

/**
 * Store failures fail closed (SECURITY.md 27, 29): with failures injected into the store's
 * connection, every method rejects — never `null`, `false`, `0` or `not_found` standing in
 * for an answer the database did not give — and a rotation cut short at any step leaves the
 * old refresh token usable, or the rotation complete, never half of it.
 */
export const storeFailureScenarios: Scenarios = {
  'every method rejects when the connection fails': async (h) => {
    const token = h.make.token().record;
    const code = h.make.code().record;
    await h.stores.tokens.saveToken(token);
    await h.stores.codes.saveCode(code);
    await withFaulty(h, 0, async (s) => {
      for (const [name, call] of Object.entries(everyCall(h, s, token, code.codeDigest))) {
        const outcome = await Promise.resolve()
          .then(call)
          .then(
            (value) => ({ value }),
            () => 'rejected' as const,
          );
        expect(outcome, `${name} must reject`).toBe('rejected');
      }
    });
    await expectStoredToken(h, token);
    expect(await h.raw.code(code.codeDigest)).toEqual({ consumed: false, replayed: false });
  },

  'a rotation failing at any step leaves the old refresh token usable': (h) =>
    rotationCutShort(h, false),

  'a rotation with an access-only record failing at any step leaves the old token usable': (h) =>
    rotationCutShort(h, true),
};

/** Cuts a rotation short after each number of round trips in turn, until one completes. */
async function rotationCutShort(h: SuiteHarness, narrowed: boolean): Promise<void> {
  for (let step = 0; step <= MAX_ROTATION_STEPS; step++) {
    const old = h.make.token().record;
    await h.stores.tokens.saveToken(old);
    const pair = rotationPair(h, old.familyId);
    const next = narrowed ? pair.next : h.make.token({ familyId: old.familyId }).record;
    const issued = narrowed ? [next, pair.accessOnly] : [next];
    const now = h.make.date(step + 1);
    const outcome = await withFaulty(h, step, (s) =>
      (narrowed
        ? s.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now, pair.accessOnly)
        : s.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now)
      ).then(
        (won) => won,
        () => 'rejected' as const,
      ),
    );
    if (outcome === true) {
      // Enough round trips for the whole rotation: done, and nothing was cut short.
      await expectStoredToken(h, { ...old, rotatedAt: now, revokedAt: now });
      for (const r of issued) await expectStoredToken(h, r);
      return;
    }
    expect(outcome, `step ${step}: a failed rotation must reject, not answer false`).toBe(
      'rejected',
    );
    await expectAllOrNothing(h, old, issued, step);
  }
  throw new Error(`a rotation took more than ${MAX_ROTATION_STEPS} round trips`);
}
