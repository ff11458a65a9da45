import { describe, expect, test } from 'vitest';
import {
  bearerCheck,
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  INVALID_TOKEN,
  registerClient,
  seedCode,
  tokenRequest,
} from '../../test/helpers.js';
import { generateToken } from '../crypto/generate-token.js';
import { s256Challenge, verifyCodeChallenge } from './pkce.js';

const CODE_INVALID = 'The authorization code is invalid, expired or already used.';
const VERIFIER_MISMATCH = 'The code_verifier does not match the code_challenge.';

async function setup(options: Parameters<typeof createTestServer>[0] = {}) {
  const { server, stores } = createTestServer(options);
  const client = await registerClient(stores);
  const exchange = (params: Record<string, string>) =>
    server.createTokenResponse(tokenRequest(params, { basic: client }));
  return { server, stores, client, exchange };
}

describe('authorization_code exchange', () => {
  test('S256: issues the scope and user bound to the code, in the code family', async () => {
    const { stores, client, exchange } = await setup();
    const seeded = await seedCode(stores, {
      clientId: client.clientId,
      scope: 'read write',
      userId: 'alice',
    });
    const body = await expectToken(await exchange(codeExchange(seeded)));
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(body.scope).toBe('read write');
    expect(body.expires_in).toBe(3_600);
    const [record] = stores.dump().tokens;
    expect(record).toMatchObject({
      clientId: client.clientId,
      userId: 'alice',
      scope: 'read write',
      grantType: 'authorization_code',
      familyId: seeded.familyId,
    });
    expect(stores.dump().codes[0]!.consumedAt).toBeInstanceOf(Date);
  });

  test('plain: the verifier is compared with the stored challenge as it is', async () => {
    const { stores, client, exchange } = await setup();
    const seeded = await seedCode(stores, { clientId: client.clientId, pkce: 'plain' });
    await expectToken(await exchange(codeExchange(seeded)));
  });

  test('plain: the S256 form of the verifier does not pass for the verifier', async () => {
    const { stores, client, exchange } = await setup();
    const verifier = generateToken();
    const seeded = await seedCode(stores, {
      clientId: client.clientId,
      pkce: 'plain',
      verifier: s256Challenge(verifier),
    });
    await expectError(
      await exchange(codeExchange(seeded, { code_verifier: verifier })),
      400,
      'invalid_grant',
      VERIFIER_MISMATCH,
    );
  });

  test('S256: sending the challenge itself as the verifier fails', async () => {
    const { stores, client, exchange } = await setup();
    const seeded = await seedCode(stores, { clientId: client.clientId });
    await expectError(
      await exchange(codeExchange(seeded, { code_verifier: s256Challenge(seeded.verifier!) })),
      400,
      'invalid_grant',
      VERIFIER_MISMATCH,
    );
  });

  test('a verifier outside 43-128 unreserved characters never matches, even equal to a plain challenge', async () => {
    const { stores, client, exchange } = await setup();
    for (const verifier of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}!`]) {
      const seeded = await seedCode(stores, { clientId: client.clientId, pkce: 'plain', verifier });
      await expectError(
        await exchange(codeExchange(seeded)),
        400,
        'invalid_grant',
        VERIFIER_MISMATCH,
      );
    }
    expect(verifyCodeChallenge('a'.repeat(128), 'a'.repeat(128), 'plain')).toBe(true);
    expect(verifyCodeChallenge('a'.repeat(43), 'a'.repeat(43), 'S512')).toBe(false);
  });

  test('the RFC 7636 appendix B example verifies', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(verifyCodeChallenge(verifier, challenge, 'S256')).toBe(true);
  });

  test('a confidential client without PKCE exchanges without a verifier', async () => {
    const { stores, client, exchange } = await setup();
    const seeded = await seedCode(stores, { clientId: client.clientId, pkce: null });
    await expectToken(await exchange(codeExchange(seeded)));
  });

  test('redirect_uri omitted at authorization: may be omitted, or be the one registered URI', async () => {
    const { stores, client, exchange } = await setup();
    const omitted = await seedCode(stores, { clientId: client.clientId, redirectUri: null });
    const params = codeExchange(omitted);
    delete params.redirect_uri;
    await expectToken(await exchange(params));
    const sent = await seedCode(stores, { clientId: client.clientId, redirectUri: null });
    await expectToken(await exchange(codeExchange(sent)));
    const other = await seedCode(stores, { clientId: client.clientId, redirectUri: null });
    await expectError(
      await exchange(codeExchange(other, { redirect_uri: 'https://evil.example/cb' })),
      400,
      'invalid_grant',
      'The redirect_uri does not match the authorization request.',
    );
  });

  test('no refresh token for a client not registered for refresh_token', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['authorization_code'] });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const body = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(body.refresh_token).toBeUndefined();
    expect(stores.dump().tokens[0]!.refreshTokenDigest).toBeNull();
  });

  test('a code whose user no longer exists is invalid_grant', async () => {
    const { stores, client, exchange } = await setup({
      queryUser: async (id) => (id === 'gone' ? null : { getUserId: () => id }),
    });
    const seeded = await seedCode(stores, { clientId: client.clientId, userId: 'gone' });
    await expectError(await exchange(codeExchange(seeded)), 400, 'invalid_grant', CODE_INVALID);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a live code works; a code at its expiry instant is invalid_grant', async () => {
    const { stores, client, exchange } = await setup();
    const live = await seedCode(stores, { clientId: client.clientId, expiresInSeconds: 5 });
    await expectToken(await exchange(codeExchange(live)));
    const expired = await seedCode(stores, { clientId: client.clientId, expiresInSeconds: 0 });
    await expectError(await exchange(codeExchange(expired)), 400, 'invalid_grant', CODE_INVALID);
  });

  test('a replay emits tokenRevoked for the family and kills the refresh token too', async () => {
    const { server, stores, client, exchange } = await setup();
    const revoked: unknown[] = [];
    server.on('tokenRevoked', (e) => revoked.push(e));
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(await exchange(codeExchange(seeded)));
    await expectError(await exchange(codeExchange(seeded)), 400, 'invalid_grant', CODE_INVALID);
    expect(revoked).toEqual([
      { familyId: seeded.familyId, record: null, client: null, reason: 'code_replay' },
    ]);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(INVALID_TOKEN);
    expect(stores.dump().codes[0]!.replayedAt).toBeInstanceOf(Date);
  });

  test('a replay by another client is invalid_grant and changes nothing', async () => {
    const { server, stores, client, exchange } = await setup();
    const thief = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(await exchange(codeExchange(seeded)));
    await expectError(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: thief })),
      400,
      'invalid_grant',
      'The authorization code was issued to another client.',
    );
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
    expect(stores.dump().codes[0]!.replayedAt).toBeNull();
  });
});
