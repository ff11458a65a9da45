import { createSigningKeySet } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('oauthkit keys generate', () => {
  it.each([
    ['ES256', { kty: 'EC', crv: 'P-256' }],
    ['RS256', { kty: 'RSA' }],
    ['PS256', { kty: 'RSA' }],
    ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
  ])('--alg %s prints a private JWK the signing key set accepts', async (alg, shape) => {
    const { code, out, err } = await run(['keys', 'generate', '--alg', alg]);
    expect(code).toBe(0);
    const jwk = JSON.parse(out);
    expect(jwk).toMatchObject({ ...shape, alg, use: 'sig' });
    expect(typeof jwk.d).toBe('string');
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(err).toContain('private key');
    const keys = await createSigningKeySet([jwk]);
    expect(keys.keys).toEqual([{ kid: jwk.kid, alg }]);
  });

  it('--kid names the key', async () => {
    const { code, out } = await run(['keys', 'generate', '--alg', 'ES256', '--kid', '2026-12']);
    expect(code).toBe(0);
    expect(JSON.parse(out).kid).toBe('2026-12');
  });

  it.each([
    ['no --alg', ['keys', 'generate']],
    ['an unsupported alg', ['keys', 'generate', '--alg', 'HS256']],
    ['alg none', ['keys', 'generate', '--alg', 'none']],
    ['an unknown option', ['keys', 'generate', '--alg', 'ES256', '--size', '1']],
    ['an empty kid', ['keys', 'generate', '--alg', 'ES256', '--kid', '']],
  ])('%s is a usage error (exit 2), nothing on stdout', async (_name, args) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^oauthkit: /);
  });

  it('is listed in the usage', async () => {
    const { err } = await run(['--help']);
    expect(err).toContain('oauthkit keys generate --alg <RS256|PS256|ES256|EdDSA>');
  });
});
