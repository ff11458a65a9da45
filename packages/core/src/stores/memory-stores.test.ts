import { describe, expect, it } from 'vitest';
import { digestToken } from '../crypto/digest.js';
import { generateId, generateToken } from '../crypto/generate-token.js';
import { createMemoryStores } from './memory-stores.js';
import type { TokenRecord } from './token-store.js';

const T0 = Date.UTC(2030, 0, 1);

function token(familyId: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    accessTokenDigest: digestToken(generateToken()),
    refreshTokenDigest: null,
    familyId,
    clientId: 'client-1',
    userId: null,
    scope: 'read',
    tokenType: 'Bearer',
    grantType: 'client_credentials',
    issuedAt: new Date(T0),
    accessTokenExpiresAt: new Date(T0 + 3_600_000),
    refreshTokenExpiresAt: null,
    revokedAt: null,
    rotatedAt: null,
    extensions: {},
    ...overrides,
  };
}

describe('memory token store', () => {
  it('revokes the families of tokens saved before and after the first revokeFamily', async () => {
    const { tokens } = createMemoryStores();
    const [a, b, c] = [generateId(), generateId(), generateId()];
    const before = [token(a), token(a), token(b)];
    for (const r of before) await tokens.saveToken(r);
    expect(await tokens.revokeFamily(a, new Date(T0 + 1000))).toBe(2);
    const after = [token(a), token(b), token(c), token(c)];
    for (const r of after) await tokens.saveToken(r);
    expect(await tokens.revokeFamily(a, new Date(T0 + 2000))).toBe(1);
    expect(await tokens.revokeFamily(b, new Date(T0 + 3000))).toBe(2);
    expect(await tokens.revokeFamily(c, new Date(T0 + 4000))).toBe(2);
    expect(await tokens.revokeFamily(c, new Date(T0 + 5000))).toBe(0);
    expect(await tokens.revokeFamily(generateId(), new Date(T0))).toBe(0);
    const revokedAt = async (r: TokenRecord) =>
      (await tokens.findByAccessToken(r.accessTokenDigest))!.revokedAt?.getTime();
    expect(await Promise.all([...before, ...after].map(revokedAt))).toEqual([
      T0 + 1000,
      T0 + 1000,
      T0 + 3000,
      T0 + 2000,
      T0 + 3000,
      T0 + 4000,
      T0 + 4000,
    ]);
  });

  it('forgets expired tokens of a family, before and after the family index exists', async () => {
    const { tokens } = createMemoryStores();
    const family = generateId();
    const expired = token(family, { accessTokenExpiresAt: new Date(T0 + 1000) });
    const live = token(family);
    await tokens.saveToken(expired);
    await tokens.saveToken(live);
    expect(await tokens.deleteExpired(new Date(T0 + 2000))).toBe(1);
    expect(await tokens.revokeFamily(family, new Date(T0 + 3000))).toBe(1);
    const later = token(family, { accessTokenExpiresAt: new Date(T0 + 4000) });
    await tokens.saveToken(later);
    expect(await tokens.deleteExpired(new Date(T0 + 5000))).toBe(1);
    expect(await tokens.findByAccessToken(later.accessTokenDigest)).toBeNull();
    expect(await tokens.revokeFamily(family, new Date(T0 + 6000))).toBe(0);
    expect((await tokens.findByAccessToken(live.accessTokenDigest))!.revokedAt).toEqual(
      new Date(T0 + 3000),
    );
  });

  it('keeps every date of a token as it was saved, and hands out copies', async () => {
    const { tokens } = createMemoryStores();
    const saved = token(generateId(), {
      refreshTokenDigest: digestToken(generateToken()),
      refreshTokenExpiresAt: new Date(T0 + 86_400_123),
      issuedAt: new Date(T0 + 7),
    });
    await tokens.saveToken(saved);
    const found = await tokens.findByAccessToken(saved.accessTokenDigest);
    expect(found).toEqual(saved);
    found!.issuedAt.setTime(0);
    found!.accessTokenExpiresAt.setTime(0);
    const again = await tokens.findByRefreshToken(saved.refreshTokenDigest!);
    expect(again).toEqual(saved);
    expect(again!.issuedAt).not.toBe(found!.issuedAt);
  });
});
