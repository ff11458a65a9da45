import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  codeParams,
  createTestServer,
  expectError,
  expectErrorRedirect,
  expectToken,
  formPost,
  pkcePair,
  REDIRECT_URI,
  registerAuthzClient,
  type TestServerOptions,
  testUser,
  tokenRequest,
} from '../../test/helpers.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../keys/signing-key-set.js';
import type { ClientMetadata } from '../models/client-metadata.js';

const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
const PHOTOS = 'https://photos.example/api';
const MAIL = 'https://mail.example/';
const RESOURCES: NonNullable<TestServerOptions['config']>['resources'] = {
  [PHOTOS]: { scopes: ['read'], expiresIn: 300, format: 'jwt', audience: 'photos-api' },
  [MAIL]: { format: 'jwt' },
  'urn:example:opaque': {},
};

async function setup(metadata: Partial<ClientMetadata> = {}) {
  const { server, stores } = createTestServer({
    config: { resources: RESOURCES },
    signingKeys,
  });
  const client = await registerAuthzClient(stores, {
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    ...metadata,
  });
  const introspect = async (token: string) =>
    (
      await server.createEndpointResponse(
        'introspection',
        formPost('introspect', { token }, client),
      )
    ).json();
  const token = (params: Record<string, string> | string) =>
    server.createTokenResponse(tokenRequest(params, { basic: client }));
  return { server, stores, client, introspect, token };
}

const repeated = (name: string, values: string[]) =>
  values.map((v) => `${name}=${encodeURIComponent(v)}`).join('&');

describe('config.resources', () => {
  test.each([
    [
      { 'api/photos': {} },
      'config.resources["api/photos"]: a resource indicator is an absolute URI without a fragment',
    ],
    [
      { 'https://a.example/#x': {} },
      'config.resources["https://a.example/#x"]: a resource indicator is an absolute URI without a fragment',
    ],
    [
      { [MAIL]: { scope: ['read'] } },
      `config.resources["${MAIL}"].scope is not an option; did you mean scopes?`,
    ],
    [{ [MAIL]: { format: 'JWT' } }, `config.resources["${MAIL}"].format must be "opaque" or "jwt"`],
    [
      { [MAIL]: { expiresIn: 0 } },
      `config.resources["${MAIL}"].expiresIn must be a whole number of seconds above 0`,
    ],
    [
      { [MAIL]: { scopes: ['a b'] } },
      `config.resources["${MAIL}"].scopes must be a list of scope tokens (RFC 6749 3.3)`,
    ],
    [
      { [MAIL]: { audience: '' } },
      `config.resources["${MAIL}"].audience must be a non-empty string`,
    ],
    [[MAIL], 'config.resources must be an object of settings by resource indicator'],
  ])('%j is refused at start-up', (resources, message) => {
    expect(() =>
      createTestServer({ config: { resources: resources as never }, signingKeys }),
    ).toThrow(new TypeError(message));
  });
});

describe('resource at the authorization endpoint (RFC 8707 2.1)', () => {
  test.each([
    ['an unknown resource', ['https://unknown.example/']],
    ['a relative one', ['/api']],
    ['one with a fragment', [`${PHOTOS}#x`]],
    ['a known and an unknown one', [PHOTOS, 'https://unknown.example/']],
  ])('%s: invalid_target, redirected', async (_, resources) => {
    const { server, client, stores } = await setup();
    const query = `${new URLSearchParams(codeParams(client))}&${repeated('resource', resources)}`;
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(query), testUser()),
      { error: 'invalid_target', state: 'xyz' },
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('a resource the client is not allowed: invalid_target', async () => {
    const { server, client } = await setup({ resources: [MAIL] });
    const query = `${new URLSearchParams(codeParams(client))}&resource=${encodeURIComponent(PHOTOS)}`;
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(query), testUser()),
      { error: 'invalid_target', state: 'xyz' },
    );
  });

  test('repeatable; kept with the code and the tokens; the scope narrowed to what they allow', async () => {
    const { server, client, stores } = await setup();
    const query = `${new URLSearchParams(codeParams(client, { scope: 'read write' }))}&${repeated('resource', [PHOTOS, MAIL])}`;
    const response = await server.createAuthorizationResponse(authorizeRequest(query), testUser());
    expect(response.status).toBe(302);
    const [code] = stores.dump().codes;
    expect(code!.extensions).toEqual({ resource: [PHOTOS, MAIL] });
    // MAIL sets no scopes, so the union allows both.
    expect(code!.scope).toBe('read write');
  });
});

describe('resource with the implicit grant', () => {
  test('the token in the fragment is for the resources asked for', async () => {
    const { server, stores } = createTestServer({ config: { resources: RESOURCES }, signingKeys });
    server.registerGrant(createImplicitGrant());
    const client = await registerAuthzClient(stores, { responseTypes: ['token'] });
    const query = `${new URLSearchParams({ response_type: 'token', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'read', state: 's' })}&resource=${encodeURIComponent(MAIL)}`;
    const response = await server.createAuthorizationResponse(authorizeRequest(query), testUser());
    const fragment = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
    expect(decodeJwt(fragment.get('access_token')!)).toMatchObject({ aud: MAIL, sub: 'user-1' });
    expect(stores.dump().tokens[0]!.extensions).toEqual({ resource: [MAIL] });
  });
});

describe('resource at the token endpoint (RFC 8707 2.2)', () => {
  test('code exchange: the whole grant, or a subset; aud, lifetime and scope from the resources', async () => {
    const { server, client, introspect, stores } = await setup();
    const all = await issueTokensWith(server, client, [PHOTOS, MAIL], 'read write');
    expect(decodeJwt(all.access_token).aud).toEqual(['photos-api', MAIL]);
    expect(all.expires_in).toBe(300);
    expect(await introspect(all.access_token)).toMatchObject({ aud: ['photos-api', MAIL] });

    const narrowed = await issueTokensWith(server, client, [PHOTOS, MAIL], 'read write', [PHOTOS]);
    const claims = decodeJwt(narrowed.access_token);
    expect(claims.aud).toBe('photos-api');
    expect(claims.scope).toBe('read');
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(await introspect(narrowed.access_token)).toMatchObject({ aud: 'photos-api' });
    // The grant's resources stay with the refresh token.
    const record = stores.dump().tokens.at(-1)!;
    expect(record.extensions).toEqual({
      resource: [PHOTOS, MAIL],
      accessTokenResource: [PHOTOS],
      grantedScope: 'read write',
    });
  });

  test('code exchange: a resource outside the grant is invalid_target', async () => {
    const { server, client } = await setup();
    await expect(issueTokensWith(server, client, [PHOTOS], 'read', [MAIL])).rejects.toThrow(
      'invalid_target',
    );
    await expect(issueTokensWith(server, client, [], 'read', [MAIL])).rejects.toThrow(
      'invalid_target',
    );
  });

  test('refresh: narrows, never widens; the refresh token keeps every resource', async () => {
    const { server, client, token, introspect } = await setup();
    const issued = await issueTokensWith(server, client, [PHOTOS, MAIL], 'read write');
    const refresh = (resources: string[]) =>
      token(
        `grant_type=refresh_token&refresh_token=${issued.refresh_token}&${repeated('resource', resources)}`,
      );
    const mail = await expectToken(await refresh([MAIL]));
    expect(decodeJwt(mail.access_token).aud).toBe(MAIL);
    expect(mail.scope).toBe('read write');
    expect(await introspect(mail.access_token)).toMatchObject({ aud: MAIL });
    const photos = await expectToken(await refresh([PHOTOS]));
    expect(decodeJwt(photos.access_token)).toMatchObject({ aud: 'photos-api', scope: 'read' });
    await expectError(await refresh(['urn:example:opaque']), 400, 'invalid_target');
    await expectError(await refresh(['https://unknown.example/']), 400, 'invalid_target');
    const everything = await expectToken(
      await token({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! }),
    );
    expect(decodeJwt(everything.access_token).aud).toEqual(['photos-api', MAIL]);
  });

  test('a code exchange narrowed to one resource: a refresh for another gets the authorized scope back, never more', async () => {
    const { client, server, token } = await setup();
    const issued = await issueTokensWith(server, client, [PHOTOS, MAIL], 'read write', [PHOTOS]);
    expect(issued.scope).toBe('read');
    const refresh = (extra: string) =>
      token(`grant_type=refresh_token&refresh_token=${issued.refresh_token}&${extra}`);
    const mail = await expectToken(await refresh(`resource=${encodeURIComponent(MAIL)}`));
    expect(mail.scope).toBe('read write');
    expect(decodeJwt(mail.access_token)).toMatchObject({ aud: MAIL, scope: 'read write' });
    await expectError(
      await refresh(`resource=${encodeURIComponent(MAIL)}&scope=read+write+admin`),
      400,
      'invalid_scope',
    );
  });

  test('client_credentials names its resources directly; invalid_target for the rest', async () => {
    const { token, stores, introspect } = await setup({ resources: [MAIL, 'urn:example:opaque'] });
    const body = await expectToken(
      await token({ grant_type: 'client_credentials', scope: 'read', resource: MAIL }),
    );
    expect(decodeJwt(body.access_token)).toMatchObject({ aud: MAIL, scope: 'read' });
    expect(await introspect(body.access_token)).toMatchObject({ aud: MAIL });
    const opaque = await expectToken(
      await token({ grant_type: 'client_credentials', resource: 'urn:example:opaque' }),
    );
    expect(opaque.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await introspect(opaque.access_token)).toMatchObject({ aud: 'urn:example:opaque' });
    const before = stores.dump().tokens.length;
    for (const resource of [PHOTOS, 'https://unknown.example/', 'relative', `${MAIL}#f`]) {
      await expectError(
        await token({ grant_type: 'client_credentials', resource }),
        400,
        'invalid_target',
      );
    }
    expect(stores.dump().tokens).toHaveLength(before);
  });

  test('a scope none of the resources allows is invalid_scope', async () => {
    const { token } = await setup();
    await expectError(
      await token({ grant_type: 'client_credentials', scope: 'write', resource: PHOTOS }),
      400,
      'invalid_scope',
    );
  });
});

/** A code flow with `resources` at the authorization endpoint and `exchange` at the token endpoint. */
async function issueTokensWith(
  server: Awaited<ReturnType<typeof setup>>['server'],
  client: Awaited<ReturnType<typeof setup>>['client'],
  resources: string[],
  scope: string,
  exchange: string[] = [],
) {
  const { verifier, challenge } = pkcePair();
  const query = `${new URLSearchParams(codeParams(client, { scope, code_challenge: challenge }))}&${repeated('resource', resources)}`;
  const redirect = await server.createAuthorizationResponse(authorizeRequest(query), testUser());
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const form = `${new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier })}&${repeated('resource', exchange)}`;
  const response = await server.createTokenResponse(tokenRequest(form, { basic: client }));
  const body = await response.json();
  if (response.status !== 200) throw new Error(body.error);
  return body as Awaited<ReturnType<typeof expectToken>>;
}
