import { generateId, type Stores } from '@oauthkit/core';
import { expect } from 'vitest';
import { at, codeRecord, tokenRecord } from './test-records.js';

/**
 * Every statement of the stores' hot path once, each answer checked: a client saved and
 * found, a token saved and found by both digests, rotated, its successor revoked, a code
 * saved, found, redeemed, then replayed, and another code consumed. `clientId` is saved on the first call.
 */
export async function exerciseHotPath(stores: Stores, clientId: string): Promise<void> {
  const metadata = {
    redirectUris: ['https://app.example/cb'],
    grantTypes: ['authorization_code'],
    responseTypes: ['code'],
    scope: 'openid',
    tokenEndpointAuthMethod: 'none',
  };
  if ((await stores.clients.findClient(clientId)) === null) {
    await stores.clients.saveClient({
      clientId,
      clientSecretDigest: null,
      clientIdIssuedAt: at(0),
      clientSecretExpiresAt: null,
      metadata,
    });
  }
  expect((await stores.clients.findClient(clientId))?.metadata).toEqual(metadata);

  const familyId = generateId();
  const first = tokenRecord(clientId, familyId);
  await stores.tokens.saveToken(first);
  expect(await stores.tokens.findByAccessToken(first.accessTokenDigest)).toEqual(first);
  expect(await stores.tokens.findByRefreshToken(first.refreshTokenDigest!)).toEqual(first);
  const next = tokenRecord(clientId, familyId);
  expect(await stores.tokens.rotateRefreshToken(first.refreshTokenDigest!, next, at(2))).toBe(true);
  expect(await stores.tokens.revokeAccessToken(next.accessTokenDigest, at(3))).toBe(true);

  const code = codeRecord(clientId);
  await stores.codes.saveCode(code);
  expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
  const issued = tokenRecord(clientId, code.familyId, false);
  expect(await stores.codes.redeemCode!(code.codeDigest, at(4), issued, stores.tokens)).toEqual({
    status: 'consumed',
    code,
  });
  expect(await stores.tokens.findByAccessToken(issued.accessTokenDigest)).toEqual(issued);
  expect((await stores.codes.consumeCode(code.codeDigest, at(5))).status).toBe('replayed');
  const other = codeRecord(clientId);
  await stores.codes.saveCode(other);
  expect((await stores.codes.consumeCode(other.codeDigest, at(5))).status).toBe('consumed');
}
