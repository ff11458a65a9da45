import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { PRIVATE_JWK_MEMBERS, publicJwk } from './public-jwk.js';

describe('publicJwk (rule 35)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  }) as JWK;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    format: 'jwk',
  }) as JWK;
  const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK;

  it.each([
    ['RSA', rsa, ['kty', 'n', 'e']],
    ['EC', ec, ['kty', 'crv', 'x', 'y']],
    ['OKP', ed, ['kty', 'crv', 'x']],
  ] as const)(
    '%s: keeps only public members, never d, p, q, dp, dq, qi, oth, k',
    (_kty, jwk, members) => {
      const leaky = {
        ...jwk,
        k: 'secret',
        oth: [{ r: 'x' }],
        ext: true,
        key_ops: ['sign'],
        x5c: ['MIIB'],
      };
      const pub = publicJwk(leaky, { kid: 'k1', alg: 'RS256' });
      for (const m of PRIVATE_JWK_MEMBERS) expect(pub).not.toHaveProperty(m);
      expect(Object.keys(pub).sort()).toEqual([...members, 'kid', 'alg', 'use'].sort());
    },
  );

  it('refuses a key type it does not know', () => {
    expect(() => publicJwk({ kty: 'oct', k: 'x' }, { kid: 'k', alg: 'HS256' })).toThrow(TypeError);
  });
});
