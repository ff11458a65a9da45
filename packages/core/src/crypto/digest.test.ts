import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time-equal.js';
import { base64UrlSha256, digestToken } from './digest.js';

describe('digests', () => {
  it('digestToken is hex SHA-256 of the UTF-8 value (FIPS 180-2 vector, and a non-ASCII value)', () => {
    expect(digestToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // 'é' is hashed as its two UTF-8 bytes, c3 a9.
    expect(digestToken('é')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    );
  });

  it('base64UrlSha256 gives the S256 challenge of RFC 7636 Appendix B', () => {
    expect(base64UrlSha256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('constantTimeEqual tells equal from different strings of any lengths', () => {
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('secret', 'secreT')).toBe(false);
    expect(constantTimeEqual('secret', 'secret-longer')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
