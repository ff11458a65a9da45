import { describe, expect, test } from 'vitest';
import { constantTimeEqual, createPasswordGrant, generateToken, userFromId } from '../src/index.js';
import {
  basicAuth,
  bearerCheck,
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  INVALID_TOKEN,
  registerClient,
  seedCode,
  TOKEN_URL,
  tokenRequest,
} from './helpers.js';
import { rule } from './security-rules-list.js';

// One block per token-endpoint and storage rule of SECURITY.md (9-21, 25-26, 28), titled from
// SECURITY-RULES.md (see security-rules-list.test.ts).

const CODE_INVALID = 'The authorization code is invalid, expired or already used.';
const REFRESH_INVALID = 'The refresh token is invalid, expired or revoked.';
const CLIENT_FAILED = 'Client authentication failed.';

describe(rule(9), () => {
  test('GET is 405 with Allow: POST', async () => {
    const { server } = createTestServer();
    const response = await server.createTokenResponse(tokenRequest({}, { method: 'GET' }));
    expect(response.headers.get('allow')).toBe('POST');
    await expectError(response, 405, 'invalid_request', 'This HTTP method is not allowed here.');
  });

  test('PUT is 405 with Allow: POST as well', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const request = tokenRequest(
      { grant_type: 'client_credentials' },
      { method: 'PUT', basic: client },
    );
    const response = await server.createTokenResponse(request);
    expect(response.headers.get('allow')).toBe('POST');
    await expectError(response, 405, 'invalid_request');
  });

  test('a JSON body is invalid_request, even with valid credentials', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const request = new Request(TOKEN_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basicAuth(client.clientId, client.secret!),
      },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectError(
      await server.createTokenResponse(request),
      400,
      'invalid_request',
      'The body must be application/x-www-form-urlencoded.',
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a POST with no body and no content type is invalid_request', async () => {
    const { server } = createTestServer();
    const response = await server.createTokenResponse(new Request(TOKEN_URL, { method: 'POST' }));
    await expectError(
      response,
      400,
      'invalid_request',
      'The body must be application/x-www-form-urlencoded.',
    );
  });

  test('the form content type is accepted with a charset parameter', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const request = tokenRequest(
      { grant_type: 'client_credentials' },
      {
        basic: client,
        headers: { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' },
      },
    );
    await expectToken(await server.createTokenResponse(request));
  });

  test('a body one byte over the default cap (16384) is 413 invalid_request; at the cap it is served', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const base = 'grant_type=client_credentials&padding=';
    const atCap = base + 'x'.repeat(16_384 - base.length);
    expect(atCap.length).toBe(16_384);
    await expectToken(await server.createTokenResponse(tokenRequest(atCap, { basic: client })));
    const response = await server.createTokenResponse(tokenRequest(`${atCap}x`, { basic: client }));
    await expectError(response, 413, 'invalid_request', 'The request body is too large.');
  });

  test('a streamed body is cut off at the cap without being buffered whole', async () => {
    const { server, stores } = createTestServer({ config: { maxBodyBytes: 1024 } });
    const client = await registerClient(stores);
    let pulled = 0;
    const chunk = new TextEncoder().encode('a'.repeat(512));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(TOKEN_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(client.clientId, client.secret!),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(await server.createTokenResponse(request), 413, 'invalid_request');
    expect(pulled).toBeLessThan(10);
  });
});

describe(rule(10), () => {
  test('on success and on 400, 401, 405, 413 and 503 errors', async () => {
    const { server, stores } = createTestServer({ config: { maxBodyBytes: 64 } });
    const client = await registerClient(stores);
    const responses = [
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
      await server.createTokenResponse(tokenRequest({ grant_type: 'nope' }, { basic: client })),
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: { ...client, secret: 'x' } }),
      ),
      await server.createTokenResponse(tokenRequest({}, { method: 'GET' })),
      await server.createTokenResponse(tokenRequest('x'.repeat(65), { basic: client })),
    ];
    const failing = createTestServer({
      stores: {
        ...stores,
        clients: { ...stores.clients, findClient: () => Promise.reject(new Error('down')) },
      },
      onServerError: () => {},
    });
    responses.push(
      await failing.server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 400, 401, 405, 413, 503]);
    for (const response of responses) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    }
  });
});

describe(rule(11), () => {
  test('a missing grant_type is invalid_request', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(tokenRequest({}, { basic: client }));
    await expectError(response, 400, 'invalid_request', 'The grant_type parameter is required.');
  });

  test('an empty grant_type counts as missing (RFC 6749 3.1)', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest('grant_type=', { basic: client }),
    );
    await expectError(response, 400, 'invalid_request', 'The grant_type parameter is required.');
  });

  test('a missing code, refresh_token, username or password is invalid_request naming it', async () => {
    const { server, stores } = createTestServer();
    server.registerGrant(createPasswordGrant({ authenticateUser: async () => userFromId('u') }));
    const client = await registerClient(stores, {
      grantTypes: ['authorization_code', 'refresh_token', 'password'],
    });
    const cases: [Record<string, string>, string][] = [
      [{ grant_type: 'authorization_code' }, 'code'],
      [{ grant_type: 'refresh_token' }, 'refresh_token'],
      [{ grant_type: 'password', password: 'p' }, 'username'],
      [{ grant_type: 'password', username: 'u' }, 'password'],
    ];
    for (const [params, name] of cases) {
      const response = await server.createTokenResponse(tokenRequest(params, { basic: client }));
      await expectError(response, 400, 'invalid_request', `The ${name} parameter is required.`);
    }
  });

  test.each([
    ['grant_type', 'grant_type=client_credentials&grant_type=client_credentials'],
    ['scope', 'grant_type=client_credentials&scope=read&scope=write'],
    ['client_id', 'grant_type=client_credentials&client_id=a&client_id=a'],
  ])('a repeated %s is invalid_request and issues nothing', async (name, form) => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(tokenRequest(form, { basic: client }));
    await expectError(
      response,
      400,
      'invalid_request',
      `The ${name} parameter was sent more than once.`,
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('an unknown grant type is unsupported_grant_type', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'urn:example:unknown' }, { basic: client }),
    );
    await expectError(response, 400, 'unsupported_grant_type', 'The grant type is not supported.');
  });

  test('password is unsupported_grant_type unless registered', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['password'] });
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'password', username: 'u', password: 'p' }, { basic: client }),
    );
    await expectError(response, 400, 'unsupported_grant_type');
  });

  test('a grant the client is not registered for is unauthorized_client', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['authorization_code'] });
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
    );
    await expectError(
      response,
      400,
      'unauthorized_client',
      'This client is not allowed to use this grant type.',
    );
    expect(stores.dump().tokens).toEqual([]);
  });
});

describe(rule(12), () => {
  test('the second redemption is invalid_grant and the first tokens stop working', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
    const replay = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded), { basic: client }),
    );
    await expectError(replay, 400, 'invalid_grant', CODE_INVALID);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(INVALID_TOKEN);
    const refresh = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
        { basic: client },
      ),
    );
    await expectError(refresh, 400, 'invalid_grant', REFRESH_INVALID);
  });

  test('a replay also revokes tokens refreshed from the code since', async () => {
    const { server, stores } = createTestServer({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    const second = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
          { basic: client },
        ),
      ),
    );
    await expectError(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
      400,
      'invalid_grant',
    );
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(INVALID_TOKEN);
  });

  test('an unknown or expired code is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const unknown = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'authorization_code', code: generateToken(), code_verifier: 'x'.repeat(43) },
        { basic: client },
      ),
    );
    await expectError(unknown, 400, 'invalid_grant', CODE_INVALID);
    const expired = await seedCode(stores, { clientId: client.clientId, expiresInSeconds: -1 });
    const response = await server.createTokenResponse(
      tokenRequest(codeExchange(expired), { basic: client }),
    );
    await expectError(response, 400, 'invalid_grant', CODE_INVALID);
    expect(stores.dump().tokens).toEqual([]);
  });
});

describe(rule(28), () => {
  const LIVE = { status: 200, challenge: null };

  async function redeemed(options: { publicClient: boolean }) {
    const { server, stores } = createTestServer();
    const client = await registerClient(
      stores,
      options.publicClient ? { tokenEndpointAuthMethod: 'none' } : {},
    );
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const auth = options.publicClient ? { publicClient: client } : { basic: client };
    const send = (params: Record<string, string>, as = auth) =>
      server.createTokenResponse(tokenRequest(params, as));
    const first = await expectToken(await send(codeExchange(seeded)));
    return { server, stores, client, seeded, send, first };
  }

  test('another confidential client replaying a used code: invalid_grant, tokens keep working, no mark', async () => {
    const { stores, seeded, send, first } = await redeemed({ publicClient: false });
    const other = await registerClient(stores);
    await expectError(await send(codeExchange(seeded), { basic: other }), 400, 'invalid_grant');
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(LIVE);
    expect(stores.dump().codes[0]!.replayedAt).toBeNull();
  });

  test('a public client replay without the verifier, or with a wrong one, changes nothing', async () => {
    const { stores, seeded, send, first } = await redeemed({ publicClient: true });
    await expectError(
      await send(codeExchange(seeded, { code_verifier: generateToken() })),
      400,
      'invalid_grant',
      CODE_INVALID,
    );
    const noVerifier = codeExchange(seeded);
    delete noVerifier.code_verifier;
    await expectError(await send(noVerifier), 400, 'invalid_grant', CODE_INVALID);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(LIVE);
    expect(stores.dump().codes[0]!.replayedAt).toBeNull();
  });

  test('a public client replay with the right verifier revokes what the code issued', async () => {
    const { stores, seeded, send, first } = await redeemed({ publicClient: true });
    await expectError(await send(codeExchange(seeded)), 400, 'invalid_grant', CODE_INVALID);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(INVALID_TOKEN);
  });

  test('the owning confidential client with a wrong verifier does not revoke', async () => {
    const { stores, seeded, send, first } = await redeemed({ publicClient: false });
    await expectError(
      await send(codeExchange(seeded, { code_verifier: generateToken() })),
      400,
      'invalid_grant',
    );
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(LIVE);
  });

  test('an unused code presented by another client is refused and stays redeemable by its own', async () => {
    const { server, stores } = createTestServer();
    const owner = await registerClient(stores);
    const other = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: owner.clientId });
    await expectError(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: other })),
      400,
      'invalid_grant',
    );
    await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: owner })),
    );
  });
});

describe(rule(13), () => {
  test('a code presented by another client is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const owner = await registerClient(stores);
    const thief = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: owner.clientId });
    const response = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded), { basic: thief }),
    );
    await expectError(
      response,
      400,
      'invalid_grant',
      'The authorization code was issued to another client.',
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a different redirect_uri is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, {
      redirectUris: ['https://app.example/cb', 'https://app.example/other'],
    });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const response = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded, { redirect_uri: 'https://app.example/other' }), {
        basic: client,
      }),
    );
    await expectError(
      response,
      400,
      'invalid_grant',
      'The redirect_uri does not match the authorization request.',
    );
  });

  test('leaving out a redirect_uri that was sent at authorization is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const params = codeExchange(seeded);
    delete params.redirect_uri;
    const response = await server.createTokenResponse(tokenRequest(params, { basic: client }));
    await expectError(
      response,
      400,
      'invalid_grant',
      'The redirect_uri does not match the authorization request.',
    );
  });

  test('a redirect_uri differing only in case or a trailing slash is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    for (const uri of ['https://APP.example/cb', 'https://app.example/cb/']) {
      const seeded = await seedCode(stores, { clientId: client.clientId });
      const response = await server.createTokenResponse(
        tokenRequest(codeExchange(seeded, { redirect_uri: uri }), { basic: client }),
      );
      await expectError(response, 400, 'invalid_grant');
    }
  });
});

describe(rule(14), () => {
  test('a missing code_verifier is invalid_grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const params = codeExchange(seeded);
    delete params.code_verifier;
    const response = await server.createTokenResponse(tokenRequest(params, { basic: client }));
    await expectError(response, 400, 'invalid_grant', 'The code_verifier is required.');
  });

  test('a wrong code_verifier is invalid_grant, and the right one afterwards is refused too', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const wrong = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded, { code_verifier: generateToken() }), { basic: client }),
    );
    await expectError(
      wrong,
      400,
      'invalid_grant',
      'The code_verifier does not match the code_challenge.',
    );
    const right = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded), { basic: client }),
    );
    await expectError(right, 400, 'invalid_grant', CODE_INVALID);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a code_verifier without a stored challenge is invalid_request (downgrade)', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId, pkce: null });
    const response = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded, { code_verifier: generateToken() }), { basic: client }),
    );
    await expectError(
      response,
      400,
      'invalid_request',
      'A code_verifier was sent but no code_challenge was used.',
    );
    expect(stores.dump().codes[0]!.consumedAt).toBeInstanceOf(Date);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('the verifier is compared against the challenge in constant time, over digests', () => {
    // timingSafeEqual throws on unequal lengths: hashing first makes every comparison the
    // same length, so a short guess neither throws nor returns early.
    expect(constantTimeEqual('a', 'a'.repeat(128))).toBe(false);
    expect(constantTimeEqual('a'.repeat(43), 'a'.repeat(43))).toBe(true);
    expect(constantTimeEqual('a'.repeat(43), `${'a'.repeat(42)}b`)).toBe(false);
  });
});

describe(rule(15), () => {
  async function issued() {
    const setup = createTestServer();
    const client = await registerClient(setup.stores);
    const seeded = await seedCode(setup.stores, { clientId: client.clientId, scope: 'read write' });
    const token = await expectToken(
      await setup.server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    return { ...setup, client, token };
  }

  test("another client presenting the refresh token is invalid_grant and the owner's token keeps working", async () => {
    const { server, stores, client, token } = await issued();
    const other = await registerClient(stores);
    const stolen = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'refresh_token', refresh_token: token.refresh_token! },
        { basic: other },
      ),
    );
    await expectError(stolen, 400, 'invalid_grant', REFRESH_INVALID);
    await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: token.refresh_token! },
          { basic: client },
        ),
      ),
    );
  });

  test('a wider scope is invalid_scope; the same or a narrower one is granted', async () => {
    const { server, client, token } = await issued();
    const refresh = (scope: string) =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: token.refresh_token!, scope },
          { basic: client },
        ),
      );
    await expectError(
      await refresh('read write admin'),
      400,
      'invalid_scope',
      'The requested scope exceeds the scope originally granted.',
    );
    expect((await expectToken(await refresh('read'))).scope).toBe('read');
    expect((await expectToken(await refresh('write read'))).scope).toBe('write read');
  });
});

describe(rule(16), () => {
  test('public client: rt1 -> rt2 -> rt3, then rt1 again revokes everything, rt3 included', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'none' });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const refresh = (refreshToken: string) =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          { publicClient: client },
        ),
      );
    const t1 = await expectToken(
      await server.createTokenResponse(
        tokenRequest(codeExchange(seeded), { publicClient: client }),
      ),
    );
    const t2 = await expectToken(await refresh(t1.refresh_token!));
    const t3 = await expectToken(await refresh(t2.refresh_token!));
    expect(new Set([t1.refresh_token, t2.refresh_token, t3.refresh_token]).size).toBe(3);
    expect(await bearerCheck(stores.tokens, t3.access_token)).toEqual({
      status: 200,
      challenge: null,
    });

    await expectError(await refresh(t1.refresh_token!), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, t3.access_token)).toEqual(INVALID_TOKEN);
    await expectError(await refresh(t3.refresh_token!), 400, 'invalid_grant', REFRESH_INVALID);
    expect(stores.dump().tokens.every((t) => t.revokedAt !== null)).toBe(true);
  });
});

describe(rule(17), () => {
  test('a public client is refused even when registered for the grant', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, {
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['client_credentials'],
    });
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { publicClient: client }),
    );
    await expectError(
      response,
      400,
      'unauthorized_client',
      'This grant type requires a confidential client.',
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('no refresh token, even for a client also registered for refresh_token', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const body = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(stores.dump().tokens[0]!.refreshTokenDigest).toBeNull();
  });
});

describe(rule(18), () => {
  test.each([
    ['a colon', 'my:client', 'se:cr:et'],
    ['a percent sign', 'my%client', '100%secret%'],
    ['a plus sign', 'my+client', 'a+b+c'],
    ['a space', 'my client', 'top secret '],
    ['all of them and non-ASCII', 'ç: %+ id', 'ü: %+ s'],
  ])('an id and a secret with %s work', async (_, clientId, secret) => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { clientId, secret });
    await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(stores.dump().tokens[0]!.clientId).toBe(clientId);
  });

  test('a secret sent without form-encoding its "+" is a different secret', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { secret: 'a+b' });
    const raw = `Basic ${Buffer.from(`${client.clientId}:a+b`).toString('base64')}`;
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { headers: { authorization: raw } }),
    );
    await expectError(response, 401, 'invalid_client', CLIENT_FAILED);
  });
});

describe(rule(19), () => {
  test('unknown client and wrong secret: same status, body and challenge (Basic)', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const unknown = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: { clientId: 'nobody', secret: client.secret } },
      ),
    );
    const wrong = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: { ...client, secret: `${client.secret}x` } },
      ),
    );
    for (const response of [unknown, wrong]) {
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="oauthkit"');
    }
    const bodies = [
      await expectError(unknown, 401, 'invalid_client', CLIENT_FAILED),
      await expectError(wrong, 401, 'invalid_client', CLIENT_FAILED),
    ];
    expect(bodies[0]).toEqual(bodies[1]);
  });

  test('unknown client and wrong secret with client_secret_post: same 401, no Basic challenge', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'client_secret_post' });
    const unknown = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { post: { clientId: 'nobody', secret: 's' } },
      ),
    );
    const wrong = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { post: { ...client, secret: 's' } }),
    );
    expect(unknown.headers.get('www-authenticate')).toBeNull();
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    expect(await expectError(unknown, 401, 'invalid_client', CLIENT_FAILED)).toEqual(
      await expectError(wrong, 401, 'invalid_client', CLIENT_FAILED),
    );
  });
});

describe(rule(20), () => {
  test('Basic and client_secret in the body together', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { basic: client, post: client }),
    );
    await expectError(
      response,
      400,
      'invalid_request',
      'The request uses more than one client authentication method.',
    );
    expect(stores.dump().tokens).toEqual([]);
  });
});

describe(rule(21), () => {
  test('a secret differing in length or in its last character fails alike', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { secret: 'a'.repeat(43) });
    const guesses = ['a', 'a'.repeat(42) + 'b', 'a'.repeat(200)];
    const bodies: Record<string, string>[] = [];
    for (const secret of guesses) {
      const response = await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: { ...client, secret } }),
      );
      bodies.push(await expectError(response, 401, 'invalid_client', CLIENT_FAILED));
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    // The stored value is a digest: no comparison ever sees the secret itself.
    const record = await stores.clients.findClient(client.clientId);
    expect(record!.clientSecretDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(constantTimeEqual('short', 'a much longer value')).toBe(false);
  });
});

describe(rule(25), () => {
  test('200 issued access and refresh tokens are 43+ base64url characters and all distinct', async () => {
    const { server, stores } = createTestServer({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const client = await registerClient(stores);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const seeded = await seedCode(stores, { clientId: client.clientId });
      const body = await expectToken(
        await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
      );
      for (const value of [body.access_token, body.refresh_token!]) {
        expect(value).toMatch(/^[A-Za-z0-9_-]{43,}$/);
        expect(Buffer.from(value, 'base64url').length).toBeGreaterThanOrEqual(32);
        seen.add(value);
      }
    }
    expect(seen.size).toBe(200);
  });

  test('the generator refuses fewer than 32 bytes', () => {
    expect(() => generateToken(31)).toThrow(new TypeError('tokens need at least 32 random bytes'));
    expect(generateToken(48)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });
});

describe(rule(26), () => {
  test('a dump after a complete flow holds no secret, code, verifier or token in clear', async () => {
    const { server, stores } = createTestServer();
    const confidential = await registerClient(stores);
    const publicClient = await registerClient(stores, { tokenEndpointAuthMethod: 'none' });
    const secrets: string[] = [confidential.secret!];
    for (const [client, auth] of [
      [confidential, { basic: confidential }],
      [publicClient, { publicClient }],
    ] as const) {
      const seeded = await seedCode(stores, { clientId: client.clientId });
      secrets.push(seeded.code, seeded.verifier!);
      const first = await expectToken(
        await server.createTokenResponse(tokenRequest(codeExchange(seeded), auth)),
      );
      const second = await expectToken(
        await server.createTokenResponse(
          tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token! }, auth),
        ),
      );
      secrets.push(first.access_token, first.refresh_token!, second.access_token);
      if (second.refresh_token) secrets.push(second.refresh_token);
    }
    const cc = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: confidential }),
      ),
    );
    secrets.push(cc.access_token);
    const dump = stores.dump();
    expect(dump.tokens.length).toBe(5);
    expect(dump.codes.length).toBe(2);
    const text = JSON.stringify(dump);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
