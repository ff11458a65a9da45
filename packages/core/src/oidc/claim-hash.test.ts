import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimHash } from './claim-hash.js';

// Recomputed here with node:crypto from OpenID Connect Core 3.1.3.6: hash the ASCII octets,
// keep the left-most half, base64url.
function expected(value: string, hash: string, bytes: number): string {
  return createHash(hash)
    .update(Buffer.from(value, 'ascii'))
    .digest()
    .subarray(0, bytes)
    .toString('base64url');
}

describe('claimHash (at_hash / c_hash, rule 39)', () => {
  const token = 'jHkWEdUXMU1BwAsC4vtUsZwnNqTnoKSnsI3SpeuNndw';
  it.each([
    ['RS256', 'sha256', 16],
    ['PS256', 'sha256', 16],
    ['ES256', 'sha256', 16],
    ['RS384', 'sha384', 24],
    ['PS384', 'sha384', 24],
    ['ES384', 'sha384', 24],
    ['RS512', 'sha512', 32],
    ['PS512', 'sha512', 32],
    ['ES512', 'sha512', 32],
    ['EdDSA', 'sha512', 32],
  ])('%s: left half of %s', (alg, hash, bytes) => {
    const h = claimHash(token, alg);
    expect(h).toBe(expected(token, hash, bytes));
    expect(Buffer.from(h, 'base64url')).toHaveLength(bytes);
  });

  it('matches the examples of OpenID Connect Core Appendix A (RS256)', () => {
    expect(claimHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
    expect(claimHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'RS256')).toBe(
      'LDktKdoQak3Pk0cnXxCltA',
    );
  });

  it('refuses algorithms without a defined hash', () => {
    for (const alg of ['none', 'HS256', 'Ed448', '', 'toString'])
      expect(() => claimHash('x', alg)).toThrow(TypeError);
  });
});
