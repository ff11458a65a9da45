import { createHash, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, type JWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningJwk } from './generate-signing-jwk.js';
import { PRIVATE_JWK_MEMBERS } from './public-jwk.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from './signing-algorithm.js';
import { createSigningKeySet } from './signing-key-set.js';

const now = () => Math.floor(Date.now() / 1000);
const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

// RFC 7638 3.2: the required members, in lexicographic order, no whitespace; written out
// here with node:crypto so the test does not trust jose's own thumbprint.
function rfc7638Thumbprint(jwk: JWK): string {
  const required: Record<string, string[]> = {
    RSA: ['e', 'kty', 'n'],
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
  };
  const json = `{${required[jwk.kty!]!.map((m) => `"${m}":"${(jwk as Record<string, string>)[m]}"`).join(',')}}`;
  return createHash('sha256').update(json).digest('base64url');
}

function privateMembersIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) privateMembersIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((PRIVATE_JWK_MEMBERS as readonly string[]).includes(k)) found.push(k);
      privateMembersIn(v, found);
    }
  }
  return found;
}

describe('createSigningKeySet', () => {
  it.each(SIGNING_ALGORITHMS)(
    '%s: signs with kid, alg and typ, and verifies its own tokens',
    async (alg) => {
      const keys = await createSigningKeySet([await generateSigningJwk(alg, { kid: `k-${alg}` })]);
      const jwt = await keys.sign({ sub: 'u1', iat: now(), exp: now() + 60 }, { typ: 'JWT' });
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: `k-${alg}`, typ: 'JWT' });
      const { payload, header } = await keys.verify(jwt, { typ: 'JWT' });
      expect(payload.sub).toBe('u1');
      expect(header.kid).toBe(`k-${alg}`);
    },
  );

  it('publishes public parts only, for every key type and input form (rule 35)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = [];
    for (const alg of SIGNING_ALGORITHMS) jwks.push(await generateSigningJwk(alg));
    const keys = await createSigningKeySet([
      ...jwks,
      { pem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), alg: 'ES256' },
    ]);
    const published = keys.jwks();
    expect(published.keys).toHaveLength(5);
    expect(privateMembersIn(published)).toEqual([]);
    for (const k of published.keys) {
      expect(k.use).toBe('sig');
      expect(typeof k.kid).toBe('string');
      expect(SIGNING_ALGORITHMS).toContain(k.alg);
    }
    // The input JWKs did carry private members: the filter is what keeps them out.
    expect(privateMembersIn(jwks).length).toBeGreaterThan(0);
    // A copy: changing it changes nothing.
    (published.keys[0] as Record<string, unknown>).d = 'x';
    expect(privateMembersIn(keys.jwks())).toEqual([]);
  });

  it('computes a missing kid as the RFC 7638 thumbprint', async () => {
    for (const alg of SIGNING_ALGORITHMS) {
      const { kid: _kid, ...jwk } = await generateSigningJwk(alg);
      const keys = await createSigningKeySet([jwk]);
      expect(keys.keys[0]!.kid).toBe(rfc7638Thumbprint(jwk));
    }
  });

  it('rotation: the first key signs, all are published, old tokens still verify, signingKid overrides', async () => {
    const oldJwk = await generateSigningJwk('RS256', { kid: 'old' });
    const newJwk = await generateSigningJwk('ES256', { kid: 'new' });
    const before = await createSigningKeySet([oldJwk]);
    const oldToken = await before.sign({ sub: 'u1' }, { typ: 'JWT' });

    const after = await createSigningKeySet([newJwk, oldJwk]);
    expect(after.jwks().keys.map((k) => k.kid)).toEqual(['new', 'old']);
    expect(after.keyFor()).toEqual({ kid: 'new', alg: 'ES256' });
    expect(decodeProtectedHeader(await after.sign({}, { typ: 'JWT' })).kid).toBe('new');
    expect((await after.verify(oldToken, { typ: 'JWT' })).header.kid).toBe('old');
    expect(after.algorithms).toEqual(['ES256', 'RS256']);

    const marked = await createSigningKeySet([newJwk, oldJwk], { signingKid: 'old' });
    expect(decodeProtectedHeader(await marked.sign({}, { typ: 'JWT' })).kid).toBe('old');

    // Once the old key is no longer published, its tokens no longer verify.
    const retired = await createSigningKeySet([
      newJwk,
      await generateSigningJwk('RS256', { kid: 'newer' }),
    ]);
    await expect(retired.verify(oldToken, { typ: 'JWT' })).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
  });

  it('sign({ alg }) picks a key with that algorithm; none for it is a TypeError', async () => {
    const keys = await createSigningKeySet([
      await generateSigningJwk('ES256', { kid: 'e' }),
      await generateSigningJwk('RS256', { kid: 'r' }),
    ]);
    expect(decodeProtectedHeader(await keys.sign({}, { typ: 'JWT', alg: 'RS256' }))).toMatchObject({
      alg: 'RS256',
      kid: 'r',
    });
    await expect(keys.sign({}, { typ: 'JWT', alg: 'EdDSA' })).rejects.toThrow(TypeError);
    await expect(keys.sign({}, { typ: '' })).rejects.toThrow(TypeError);
  });
});

describe('createSigningKeySet: caller mistakes throw TypeError at construction', () => {
  const cases: [string, () => Promise<unknown[]>, RegExp][] = [
    ['no key', async () => [], /at least one/],
    [
      'a public key only',
      async () => {
        const { d: _d, ...pub } = await generateSigningJwk('ES256');
        return [pub];
      },
      /public key only/,
    ],
    [
      'a symmetric oct key',
      async () => [{ kty: 'oct', k: Buffer.alloc(32).toString('base64url'), alg: 'HS256' }],
      /symmetric/,
    ],
    [
      'an unsupported alg (HS256 on an EC key)',
      async () => [{ ...(await generateSigningJwk('ES256')), alg: 'HS256' }],
      /unsupported signing alg/,
    ],
    [
      'alg none',
      async () => [{ ...(await generateSigningJwk('ES256')), alg: 'none' }],
      /unsupported signing alg/,
    ],
    [
      'an RSA key marked ES256',
      async () => [{ ...(await generateSigningJwk('RS256')), alg: 'ES256' }],
      /does not fit/,
    ],
    [
      'an EC key marked EdDSA',
      async () => [{ ...(await generateSigningJwk('ES256')), alg: 'EdDSA' }],
      /does not fit/,
    ],
    [
      'an Ed25519 key marked PS256',
      async () => [{ ...(await generateSigningJwk('EdDSA')), alg: 'PS256' }],
      /does not fit/,
    ],
    [
      'a P-384 key (no alg)',
      async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
        return [privateKey.export({ format: 'jwk' })];
      },
      /unsupported signing alg/,
    ],
    [
      'an RSA key under 2048 bits',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
        return [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256' }];
      },
      /2048/,
    ],
    [
      'use "enc"',
      async () => [{ ...(await generateSigningJwk('ES256')), use: 'enc' }],
      /use "sig"/,
    ],
    [
      'a duplicate kid',
      async () => [
        await generateSigningJwk('ES256', { kid: 'same' }),
        await generateSigningJwk('EdDSA', { kid: 'same' }),
      ],
      /duplicate/,
    ],
    ['an empty kid', async () => [{ ...(await generateSigningJwk('ES256')), kid: '' }], /kid/],
    [
      'a private part of another key',
      async () => {
        const a = await generateSigningJwk('ES256');
        const b = await generateSigningJwk('ES256');
        return [{ ...a, d: b.d }];
      },
      /do not match|could not be imported/,
    ],
    [
      'a public PEM',
      async () => {
        const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return [
          { pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), alg: 'ES256' },
        ];
      },
      /public key only/,
    ],
    [
      'a PEM without alg',
      async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return [{ pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }];
      },
      /unsupported signing alg/,
    ],
    [
      'a PEM whose key does not fit its alg',
      async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return [
          { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), alg: 'RS256' },
        ];
      },
      /could not be imported/,
    ],
  ];
  it.each(cases)('%s', async (_name, make, message) => {
    const inputs = await make();
    const attempt = createSigningKeySet(inputs as JWK[]);
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(createSigningKeySet(inputs as JWK[])).rejects.toThrow(message);
  });

  it('an unknown signingKid', async () => {
    await expect(
      createSigningKeySet([await generateSigningJwk('ES256', { kid: 'a' })], { signingKid: 'b' }),
    ).rejects.toThrow(TypeError);
  });

  it('error messages never carry private key material (rule 35)', async () => {
    const jwk = await generateSigningJwk('ES256');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const input of [
      { ...jwk, alg: 'EdDSA' },
      { ...jwk, use: 'enc' },
      { pem, alg: 'RS256' },
    ]) {
      const e = await createSigningKeySet([input as JWK]).catch((x: Error) => x);
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).not.toContain(jwk.d);
      expect((e as Error).message).not.toContain(pem.split('\n')[1]);
    }
  });
});

describe('SigningKeySet.verify (rule 34)', async () => {
  const jwk = await generateSigningJwk('RS256', { kid: 'r1' });
  const keys = await createSigningKeySet([jwk, await generateSigningJwk('ES256', { kid: 'e1' })]);
  const publicJwk = keys.jwks().keys[0]!;

  it('refuses alg none', async () => {
    const token = `${b64u({ alg: 'none', typ: 'JWT', kid: 'r1' })}.${b64u({ sub: 'u1' })}.`;
    await expect(keys.verify(token, { typ: 'JWT' })).rejects.toMatchObject({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    });
  });

  it('refuses HS256 keyed with the public key, before any key lookup', async () => {
    for (const secret of [
      JSON.stringify(publicJwk),
      publicJwk.n!,
      Buffer.from(publicJwk.n!, 'base64url').toString('latin1'),
    ]) {
      const token = await new SignJWT({ sub: 'u1' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'r1' })
        .sign(new TextEncoder().encode(secret));
      await expect(keys.verify(token, { typ: 'JWT' })).rejects.toMatchObject({
        code: 'ERR_JOSE_ALG_NOT_ALLOWED',
      });
    }
  });

  it('refuses an algorithm outside the allow-list given', async () => {
    const token = await keys.sign({}, { typ: 'JWT', alg: 'ES256' });
    await expect(keys.verify(token, { typ: 'JWT', algorithms: ['RS256'] })).rejects.toMatchObject({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    });
    // An allow-list never widens beyond the set's own algorithms.
    await expect(
      keys.verify(token, { typ: 'JWT', algorithms: ['HS256' as 'RS256'] }),
    ).rejects.toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  });

  it('checks typ', async () => {
    const at = await keys.sign({ sub: 'u1' }, { typ: 'at+jwt' });
    await expect(keys.verify(at, { typ: 'JWT' })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'typ',
    });
    expect((await keys.verify(at, { typ: 'at+jwt' })).payload.sub).toBe('u1');
    expect((await keys.verify(at, { typ: 'application/at+jwt' })).payload.sub).toBe('u1');
    const untyped = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'e1' })
      .sign(new Uint8Array(32))
      .catch(() => undefined);
    expect(untyped).toBeUndefined(); // jose refuses a raw secret for ES256 at signing already
    await expect(keys.verify(at, { typ: '' })).rejects.toThrow(TypeError);
  });

  it('refuses a token of another key with the same kid', async () => {
    const other = await createSigningKeySet([await generateSigningJwk('RS256', { kid: 'r1' })]);
    const forged = await other.sign({ sub: 'u1' }, { typ: 'JWT' });
    await expect(keys.verify(forged, { typ: 'JWT' })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('checks exp, iss and aud; allowExpired still checks the signature', async () => {
    const expired = await keys.sign(
      { iss: 'https://as.example', aud: 'c1', iat: now() - 120, exp: now() - 60 },
      { typ: 'JWT' },
    );
    await expect(keys.verify(expired, { typ: 'JWT' })).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
    await expect(
      keys.verify(expired, { typ: 'JWT', clockToleranceSeconds: 30 }),
    ).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    expect(
      (await keys.verify(expired, { typ: 'JWT', clockToleranceSeconds: 120 })).payload.aud,
    ).toBe('c1');
    const hint = await keys.verify(expired, {
      typ: 'JWT',
      allowExpired: true,
      issuer: 'https://as.example',
      audience: 'c1',
    });
    expect(hint.payload.aud).toBe('c1');
    await expect(
      keys.verify(expired, { typ: 'JWT', allowExpired: true, issuer: 'https://evil.example' }),
    ).rejects.toMatchObject({ claim: 'iss' });
    await expect(
      keys.verify(expired, { typ: 'JWT', allowExpired: true, audience: 'c2' }),
    ).rejects.toMatchObject({ claim: 'aud' });
    const [h, p] = expired.split('.');
    const tampered = `${h}.${p}.${Buffer.alloc(256).toString('base64url')}`;
    await expect(keys.verify(tampered, { typ: 'JWT', allowExpired: true })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });
});

describe('generateSigningJwk', () => {
  it('refuses an unsupported alg, an empty kid and a short RSA modulus', async () => {
    await expect(generateSigningJwk('HS256' as SigningAlgorithm)).rejects.toThrow(TypeError);
    await expect(generateSigningJwk('ES256', { kid: '' })).rejects.toThrow(TypeError);
    await expect(generateSigningJwk('RS256', { modulusLength: 1024 })).rejects.toThrow(TypeError);
  });

  it('makes Ed25519 keys for EdDSA and P-256 keys for ES256', async () => {
    expect(await generateSigningJwk('EdDSA')).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(await generateSigningJwk('ES256')).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
    });
    expect(await generateSigningJwk('PS256')).toMatchObject({ kty: 'RSA', alg: 'PS256' });
  });
});
