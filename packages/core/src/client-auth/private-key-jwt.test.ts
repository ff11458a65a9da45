import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  ISSUER,
  registerClient,
  TOKEN_URL,
  tokenRequest,
} from '../../test/helpers.js';
import { generateId } from '../crypto/generate-token.js';
import { createJwksFetcher } from '../jwks-fetch/create-jwks-fetcher.js';
import type { ClientJwks, ClientMetadata } from '../models/client-metadata.js';
import { createMemoryReplayStore } from '../stores/memory-replay-store.js';
import type { ReplayStore } from '../stores/replay-store.js';
import { createPrivateKeyJwtMethod, JWT_BEARER_ASSERTION_TYPE } from './private-key-jwt.js';

// private_key_jwt (RFC 7523 2.2, 3) through the token endpoint with Web Requests: each
// claim rule, algorithm rules (rule 34) and single use of jti (rule 36).

const now = () => Math.floor(Date.now() / 1000);

type ClientJwk = ClientJwks['keys'][number];

interface Signer {
  key: CryptoKey;
  jwk: ClientJwk;
  kid: string;
  alg: string;
}

async function signer(alg: string, kid = `kid-${generateId()}`): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg } as ClientJwk;
  return { key: privateKey, jwk, kid, alg };
}

function sign(
  s: Signer,
  clientId: string,
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const t = now();
  return new SignJWT({
    iss: clientId,
    sub: clientId,
    aud: ISSUER,
    jti: generateId(),
    iat: t,
    exp: t + 60,
    ...claims,
  })
    .setProtectedHeader({ alg: s.alg, kid: s.kid, ...header })
    .sign(s.key);
}

const unsigned = (claims: JWTPayload, header: Record<string, unknown> = { alg: 'none' }) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

const assertionRequest = (assertion: string, extra: Record<string, string> = {}) =>
  tokenRequest({
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion,
    ...extra,
  });

async function setup(
  metadata: Partial<ClientMetadata> = {},
  options: { replayStore?: ReplayStore; algorithms?: string[] } = {},
) {
  const { server, stores } = createTestServer();
  const replayStore = options.replayStore ?? createMemoryReplayStore();
  server.registerClientAuthMethod(
    createPrivateKeyJwtMethod({ replayStore, algorithms: options.algorithms }),
  );
  const es = await signer('ES256');
  const client = await registerClient(stores, {
    tokenEndpointAuthMethod: 'private_key_jwt',
    grantTypes: ['client_credentials'],
    jwks: { keys: [es.jwk] },
    ...metadata,
  });
  const token = (assertion: string, extra?: Record<string, string>) =>
    server.createTokenResponse(assertionRequest(assertion, extra));
  return { server, stores, es, clientId: client.clientId, token };
}

describe('private_key_jwt', () => {
  it('accepts a signed assertion for every default algorithm, aud = issuer or token URL', async () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
      const s = await signer(alg);
      const { clientId, token } = await setup({
        jwks: { keys: [s.jwk] },
      });
      await expectToken(await token(await sign(s, clientId)));
      await expectToken(await token(await sign(s, clientId, { aud: TOKEN_URL })));
      await expectToken(await token(await sign(s, clientId, { aud: ['https://x', ISSUER] })));
      // A client_id in the body naming the same client is fine (RFC 7523 3).
      await expectToken(await token(await sign(s, clientId), { client_id: clientId }));
    }
  });

  it('a replayed assertion is invalid_client (rule 36)', async () => {
    const { es, clientId, token } = await setup();
    const assertion = await sign(es, clientId);
    await expectToken(await token(assertion));
    await expectError(await token(assertion), 401, 'invalid_client');
  });

  it('50 concurrent requests with one assertion: exactly one accepted (rule 36)', async () => {
    const { es, clientId, token } = await setup();
    const assertion = await sign(es, clientId);
    const responses = await Promise.all(Array.from({ length: 50 }, () => token(assertion)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 401)).toHaveLength(49);
  });

  it('the same jti from two clients is two assertions', async () => {
    const { server, stores, es, clientId, token } = await setup();
    const other = await registerClient(stores, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'],
      jwks: { keys: [es.jwk] },
    });
    await expectToken(await token(await sign(es, clientId, { jti: 'same' })));
    await expectToken(
      await server.createTokenResponse(
        assertionRequest(await sign(es, other.clientId, { jti: 'same' })),
      ),
    );
  });

  it('refuses a wrong aud, iss or sub', async () => {
    const { es, clientId, token } = await setup();
    for (const claims of [
      { aud: 'https://other.example' },
      { aud: `${ISSUER}/revoke` }, // another endpoint's URL is not this endpoint's
      { aud: undefined },
      { iss: 'someone-else' },
      { sub: 'someone-else' },
      { iss: 'someone-else', sub: 'someone-else' },
    ]) {
      await expectError(await token(await sign(es, clientId, claims)), 401, 'invalid_client');
    }
  });

  it('refuses an assertion for a client whose keys did not sign it', async () => {
    const { stores, es, token } = await setup();
    const other = await registerClient(stores, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'],
      jwks: { keys: [(await signer('ES256')).jwk] },
    });
    await expectError(await token(await sign(es, other.clientId)), 401, 'invalid_client');
  });

  it('refuses expired, too-long, not-yet-valid and future-issued assertions, and missing exp or jti (rule 36)', async () => {
    const { es, clientId, token } = await setup();
    const t = now();
    for (const claims of [
      { exp: t - 120 },
      { exp: t + 3_600 },
      { exp: t + 300 + 30 + 5 },
      { exp: undefined },
      { jti: undefined },
      { jti: '' },
      { nbf: t + 600 },
      { iat: t + 600, exp: t + 660 },
    ]) {
      await expectError(await token(await sign(es, clientId, claims)), 401, 'invalid_client');
    }
    // Within the skew and the lifetime bound: accepted.
    await expectToken(await token(await sign(es, clientId, { exp: t + 300, iat: t + 10 })));
  });

  it('refuses alg none, HS256 keyed with the public key, and unknown kid (rule 34)', async () => {
    const rsa = await signer('RS256');
    const { es, clientId, token } = await setup({
      jwks: { keys: [rsa.jwk] },
    });
    const t = now();
    const claims = { iss: clientId, sub: clientId, aud: ISSUER, jti: generateId(), exp: t + 60 };
    await expectError(await token(unsigned(claims)), 401, 'invalid_client');
    await expectError(
      await token(unsigned(claims, { alg: 'none', kid: rsa.kid })),
      401,
      'invalid_client',
    );
    // Key confusion: the public key's PEM (what an attacker has) as an HMAC secret.
    const spki = await exportSPKI((await importJWK(rsa.jwk as JWK, 'RS256')) as CryptoKey);
    for (const secret of [spki, JSON.stringify(rsa.jwk)]) {
      const hs = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
        .sign(new TextEncoder().encode(secret));
      await expectError(await token(hs), 401, 'invalid_client');
    }
    // Signed by a key the client never registered (unknown kid, and a known kid forged).
    await expectError(await token(await sign(es, clientId)), 401, 'invalid_client');
    await expectError(
      await token(await sign(es, clientId, {}, { kid: rsa.kid })),
      401,
      'invalid_client',
    );
    await expectToken(await token(await sign(rsa, clientId)));
  });

  it('keeps to the allow-list and the client’s token_endpoint_auth_signing_alg', async () => {
    const es384 = await signer('ES384');
    const a = await setup({ jwks: { keys: [es384.jwk] } });
    await expectError(await a.token(await sign(es384, a.clientId)), 401, 'invalid_client');
    const b = await setup({ tokenEndpointAuthSigningAlg: 'PS256' });
    await expectError(await b.token(await sign(b.es, b.clientId)), 401, 'invalid_client');
    const c = await setup({ tokenEndpointAuthSigningAlg: 'ES256' });
    await expectToken(await c.token(await sign(c.es, c.clientId)));
    const d = await setup({}, { algorithms: ['RS256'] });
    await expectError(await d.token(await sign(d.es, d.clientId)), 401, 'invalid_client');
  });

  it('refuses a typ made for another kind of JWT', async () => {
    const { es, clientId, token } = await setup();
    for (const typ of ['at+jwt', 'dpop+jwt', 'logout+jwt']) {
      await expectError(await token(await sign(es, clientId, {}, { typ })), 401, 'invalid_client');
    }
    await expectToken(await token(await sign(es, clientId, {}, { typ: 'JWT' })));
    await expectToken(
      await token(await sign(es, clientId, {}, { typ: 'client-authentication+jwt' })),
    );
  });

  it('malformed: one parameter without the other, a wrong type, a non-JWT', async () => {
    const { es, clientId, server } = await setup();
    const assertion = await sign(es, clientId);
    const forms: Record<string, string>[] = [
      { client_assertion: assertion },
      { client_assertion_type: JWT_BEARER_ASSERTION_TYPE },
      { client_assertion_type: 'urn:other', client_assertion: assertion },
      { client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: 'not.a.jwt' },
      { client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: '' },
    ];
    for (const form of forms) {
      const response = await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials', ...form }),
      );
      await expectError(response, 401, 'invalid_client');
    }
  });

  it('a body client_id naming another client is invalid_request; two methods are refused', async () => {
    const { es, clientId, token, server } = await setup();
    await expectError(
      await token(await sign(es, clientId), { client_id: 'other' }),
      400,
      'invalid_request',
    );
    const response = await server.createTokenResponse(
      tokenRequest(
        {
          grant_type: 'client_credentials',
          client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
          client_assertion: await sign(es, clientId),
        },
        { headers: { authorization: 'Basic YTpi' } },
      ),
    );
    await expectError(response, 400, 'invalid_request');
  });

  it('a client registered for another method, or without keys, cannot use it', async () => {
    const { stores, es, token } = await setup();
    const basic = await registerClient(stores, {
      grantTypes: ['client_credentials'],
      jwks: { keys: [es.jwk] },
    });
    await expectError(await token(await sign(es, basic.clientId)), 401, 'invalid_client');
    const keyless = await registerClient(stores, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'],
    });
    await expectError(await token(await sign(es, keyless.clientId)), 401, 'invalid_client');
  });

  it('a replay store failure fails closed with 503', async () => {
    const replayStore: ReplayStore = {
      useOnce: async () => {
        throw new Error('connection lost');
      },
    };
    const { es, clientId, token } = await setup({}, { replayStore });
    const response = await token(await sign(es, clientId));
    expect(response.status).toBe(503);
  });

  it('publishes the method and its algorithms for each endpoint', async () => {
    const { server } = await setup({}, { algorithms: ['ES256', 'EdDSA'] });
    const metadata = await server.metadata();
    for (const prefix of ['token_endpoint', 'revocation_endpoint']) {
      expect(metadata[`${prefix}_auth_methods_supported`]).toContain('private_key_jwt');
      expect(metadata[`${prefix}_auth_signing_alg_values_supported`]).toEqual(['ES256', 'EdDSA']);
    }
  });

  it('refuses bad options with TypeError: none, HMAC, no store', () => {
    const replayStore = createMemoryReplayStore();
    for (const algorithms of [['none'], ['HS256'], [], ['RS256', 'HS512']]) {
      expect(() => createPrivateKeyJwtMethod({ replayStore, algorithms })).toThrow(TypeError);
    }
    expect(() => createPrivateKeyJwtMethod({} as never)).toThrow(TypeError);
    expect(() => createPrivateKeyJwtMethod({ replayStore, maxLifetimeSeconds: 0 })).toThrow(
      TypeError,
    );
  });
});

describe('private_key_jwt with jwks_uri', () => {
  let keys: ClientJwk[] = [];
  let fetches = 0;
  let uri = '';
  const http = createServer((_req, res) => {
    fetches++;
    res.end(JSON.stringify({ keys }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    uri = `http://127.0.0.1:${(http.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('fetches the key set, caches it, and refetches on an unknown kid after the cooldown', async () => {
    let clock = Date.now();
    const jwksFetcher = createJwksFetcher({
      allowInsecureForTesting: true,
      allowPrivate: true,
      now: () => clock,
    });
    const { server, stores } = createTestServer();
    server.registerClientAuthMethod(
      createPrivateKeyJwtMethod({ replayStore: createMemoryReplayStore(), jwksFetcher }),
    );
    const first = await signer('ES256');
    const second = await signer('EdDSA');
    keys = [first.jwk];
    const { clientId } = await registerClient(stores, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'],
      jwksUri: uri,
    });
    const token = async (s: Signer) =>
      server.createTokenResponse(assertionRequest(await sign(s, clientId)));
    await expectToken(await token(first));
    await expectToken(await token(first));
    expect(fetches).toBe(1);
    // The client rotates: the new kid is unknown to the cache, within the cooldown.
    keys = [second.jwk];
    await expectError(await token(second), 401, 'invalid_client');
    expect(fetches).toBe(1);
    clock += 31_000;
    await expectToken(await token(second));
    expect(fetches).toBe(2);
    // The removed key is refused once the set is fetched again.
    await expectError(await token(first), 401, 'invalid_client');
  });

  it('refuses a jwks_uri on loopback with the default guards', async () => {
    const { server, stores } = createTestServer();
    server.registerClientAuthMethod(
      createPrivateKeyJwtMethod({
        replayStore: createMemoryReplayStore(),
        jwksFetcher: createJwksFetcher({ allowInsecureForTesting: true }),
      }),
    );
    const s = await signer('ES256');
    keys = [s.jwk];
    const before = fetches;
    const { clientId } = await registerClient(stores, {
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'],
      jwksUri: uri,
    });
    await expectError(
      await server.createTokenResponse(assertionRequest(await sign(s, clientId))),
      401,
      'invalid_client',
    );
    expect(fetches).toBe(before);
  });
});
