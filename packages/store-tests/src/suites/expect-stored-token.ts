import type { TokenRecord } from '@oauthkit/core';
import { expect } from 'vitest';
import type { SuiteHarness } from '../suite-harness.js';

/**
 * Checks that `record` is exactly what is stored: through both lookups of the store under
 * test, and through the raw reader.
 */
export async function expectStoredToken(h: SuiteHarness, record: TokenRecord): Promise<void> {
  expect(await h.stores.tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
  if (record.refreshTokenDigest !== null) {
    expect(await h.stores.tokens.findByRefreshToken(record.refreshTokenDigest)).toEqual(record);
  }
  expect(await h.raw.token(record.accessTokenDigest)).toEqual({
    familyId: record.familyId,
    refreshTokenDigest: record.refreshTokenDigest,
    revoked: record.revokedAt !== null,
    rotated: record.rotatedAt !== null,
    scope: record.scope,
  });
}

/** Checks that nothing is stored under the digests of `record`. */
export async function expectNoToken(h: SuiteHarness, record: TokenRecord): Promise<void> {
  expect(await h.raw.token(record.accessTokenDigest)).toBeNull();
  expect(await h.stores.tokens.findByAccessToken(record.accessTokenDigest)).toBeNull();
  if (record.refreshTokenDigest !== null) {
    expect(await h.stores.tokens.findByRefreshToken(record.refreshTokenDigest)).toBeNull();
  }
}
