import { describe, expect, it } from 'vitest';
import { createDpopProofSigner } from './create-dpop-proof-signer.js';
import { verifyDpopProof } from './verify-dpop-proof.js';

const HTU = 'https://as.example/token';

const expectations = (overrides = {}) => ({
  htm: 'POST',
  htu: [HTU],
  algorithms: ['ES256'],
  maxAgeSeconds: 60,
  clockSkewSeconds: 5,
  now: new Date(),
  ...overrides,
});

/** The reason a proof is refused for, or `accepted`. */
async function reason(proof: string, overrides = {}): Promise<string> {
  return verifyDpopProof(proof, expectations(overrides)).then(
    () => 'accepted',
    (e: { reason?: string }) => e.reason ?? String(e),
  );
}

describe('verifyDpopProof (RFC 9449 4.3)', () => {
  it('accepts a proof and names its key thumbprint', async () => {
    const signer = await createDpopProofSigner();
    const verified = await verifyDpopProof(await signer.proof('POST', HTU), expectations());
    expect(verified.jkt).toBe(signer.jkt);
    expect(verified.htu).toBe(HTU);
  });

  it('a private key in jwk is refused for that reason, before any verification (rule 35)', async () => {
    const signer = await createDpopProofSigner();
    const proof = await signer.proof('POST', HTU, { header: { jwk: signer.privateJwk } });
    expect(await reason(proof)).toBe('jwk holds private key material');
    const oct = await signer.proof('POST', HTU, { header: { jwk: { kty: 'oct', k: 'AAAA' } } });
    expect(await reason(oct)).toBe('jwk holds private key material');
  });

  it('each claim check names its reason', async () => {
    const signer = await createDpopProofSigner();
    const now = Math.floor(Date.now() / 1000);
    expect(await reason(await signer.proof('POST', HTU, { header: { typ: 'jwt' } }))).toBe(
      'typ is not dpop+jwt',
    );
    expect(await reason(await signer.proof('PUT', HTU))).toBe('htm mismatch');
    expect(await reason(await signer.proof('POST', `${HTU}/x`))).toBe('htu mismatch');
    expect(await reason(await signer.proof('POST', HTU, { iat: now - 100 }))).toBe('iat too old');
    expect(await reason(await signer.proof('POST', HTU, { iat: now + 100 }))).toBe(
      'iat in the future',
    );
    expect(await reason(await signer.proof('POST', HTU), { accessToken: 'abc' })).toBe(
      'ath mismatch',
    );
    expect(await reason(await signer.proof('POST', HTU), { algorithms: ['PS256'] })).toBe(
      'alg not allowed',
    );
    expect(await reason('a.b')).toBe('not a JWS');
  });
});
