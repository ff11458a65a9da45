import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildIdTokenClaims, type IdTokenClaimsInput } from './id-token-claims.js';

const base: IdTokenClaimsInput = {
  issuer: 'https://as.example',
  subject: 'user-1',
  clientId: 'client-1',
  issuedAt: 1_760_000_000,
  expiresIn: 3600,
};

const leftHalf = (value: string, hash: string) => {
  const d = createHash(hash).update(value).digest();
  return d.subarray(0, d.length / 2).toString('base64url');
};

describe('buildIdTokenClaims', () => {
  it('sets iss, sub, aud (the client id), exp, iat; nothing else unless given', () => {
    expect(buildIdTokenClaims(base, 'RS256')).toEqual({
      iss: 'https://as.example',
      sub: 'user-1',
      aud: 'client-1',
      exp: 1_760_003_600,
      iat: 1_760_000_000,
    });
  });

  it('adds azp when there are several audiences, the client first (rule 39)', () => {
    const claims = buildIdTokenClaims(
      { ...base, additionalAudiences: ['api-1', 'client-1'] },
      'RS256',
    );
    expect(claims.aud).toEqual(['client-1', 'api-1']);
    expect(claims.azp).toBe('client-1');
    expect(buildIdTokenClaims({ ...base, additionalAudiences: [] }, 'RS256').azp).toBeUndefined();
  });

  it.each(['n-0S6_WzA2Mj', ' spaced nonce ', 'ünïcødé-☃', 'a"b\\c', '0'])(
    'echoes the nonce %j exactly (rule 39)',
    (nonce) => {
      expect(buildIdTokenClaims({ ...base, nonce }, 'RS256').nonce).toBe(nonce);
    },
  );

  it('adds auth_time, acr, amr when given', () => {
    const claims = buildIdTokenClaims(
      {
        ...base,
        authTime: 1_759_999_000,
        acr: 'urn:mace:incommon:iap:silver',
        amr: ['pwd', 'otp'],
      },
      'ES256',
    );
    expect(claims).toMatchObject({
      auth_time: 1_759_999_000,
      acr: 'urn:mace:incommon:iap:silver',
      amr: ['pwd', 'otp'],
    });
  });

  it.each([
    ['RS256', 'sha256'],
    ['PS256', 'sha256'],
    ['ES256', 'sha256'],
    ['EdDSA', 'sha512'],
  ])('%s: at_hash and c_hash are the left half of %s (Core 3.1.3.6, 3.3.2.11)', (alg, hash) => {
    const claims = buildIdTokenClaims(
      { ...base, accessToken: 'access-token-value', code: 'code-value' },
      alg,
    );
    expect(claims.at_hash).toBe(leftHalf('access-token-value', hash));
    expect(claims.c_hash).toBe(leftHalf('code-value', hash));
  });

  it('End-User claims never replace the claims the server sets', () => {
    const claims = buildIdTokenClaims(
      {
        ...base,
        nonce: 'n1',
        claims: {
          email: 'a@example.com',
          sub: 'admin',
          iss: 'https://evil.example',
          aud: 'other',
          nonce: 'n2',
          exp: 9e9,
          at_hash: 'x',
        },
      },
      'RS256',
    );
    expect(claims).toMatchObject({
      email: 'a@example.com',
      sub: 'user-1',
      iss: 'https://as.example',
      aud: 'client-1',
      nonce: 'n1',
      exp: 1_760_003_600,
    });
    expect(claims.at_hash).toBeUndefined();
  });

  it.each([
    ['an empty issuer', { issuer: '' }],
    ['an empty subject', { subject: '' }],
    ['an empty client id', { clientId: '' }],
    ['a fractional iat', { issuedAt: 1.5 }],
    ['a zero lifetime', { expiresIn: 0 }],
    ['a negative auth_time', { authTime: -1 }],
    ['a non-string nonce', { nonce: 42 as unknown as string }],
  ])('refuses %s with TypeError', (_name, change) => {
    expect(() => buildIdTokenClaims({ ...base, ...change }, 'RS256')).toThrow(TypeError);
  });

  it('refuses an algorithm without a hash when a hash is needed', () => {
    expect(() => buildIdTokenClaims({ ...base, accessToken: 'x' }, 'HS256')).toThrow(TypeError);
  });
});
