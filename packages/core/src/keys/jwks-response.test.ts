import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import { generateSigningJwk } from './generate-signing-jwk.js';
import { jwksResponse } from './jwks-response.js';
import { createSigningKeySet } from './signing-key-set.js';

describe('jwksResponse', async () => {
  const keys = await createSigningKeySet([
    await generateSigningJwk('ES256', { kid: 'a' }),
    await generateSigningJwk('RS256', { kid: 'b' }),
  ]);

  it('serves the public JWKS, cacheable', () => {
    const res = jwksResponse(keys);
    expect(res.status).toBe(200);
    expect(res.headers['Cache-Control']).toBe(`public, max-age=${DEFAULTS.jwksMaxAgeSeconds}`);
    expect(res.headers['Content-Type']).toMatch(/^application\/jwk-set\+json/);
    expect(res.headers.Pragma).toBeUndefined();
    expect(Object.keys(res.headers).sort()).toEqual(['Cache-Control', 'Content-Type']);
    const body = JSON.parse(res.body);
    expect(body).toEqual(keys.jwks());
    expect(res.body).not.toMatch(/"(d|p|q|dp|dq|qi|k|oth)":/);
  });

  it('takes a max-age; refuses a bad one', () => {
    expect(jwksResponse(keys, { maxAgeSeconds: 60 }).headers['Cache-Control']).toBe(
      'public, max-age=60',
    );
    expect(() => jwksResponse(keys, { maxAgeSeconds: -1 })).toThrow(TypeError);
    expect(() => jwksResponse(keys, { maxAgeSeconds: 1.5 })).toThrow(TypeError);
  });
});
