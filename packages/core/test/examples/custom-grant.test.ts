import { readFileSync } from 'node:fs';
// As an application imports them: the example is written against the package.
import { AuthorizationServer } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { describe, expect, test } from 'vitest';
import { expectError, expectToken, registerClient, tokenRequest } from '../helpers.js';
import { createApiKeyGrant, withApiKeyGrant } from './custom-grant.js';

// The custom-grant example of the core README: the README shows this file, and this test
// runs it, so the documented contract cannot drift from the code.

const GRANT = 'urn:example:api-key';
const keys = new Map([['key-of-alice', 'alice']]);
const findKeyOwner = async (key: string) => keys.get(key) ?? null;

async function setup() {
  const stores = createMemoryStores();
  const server = new AuthorizationServer({
    ...stores,
    config: { issuer: 'https://as.example' },
    queryUser: async (id) => ({ getUserId: () => id }),
  });
  withApiKeyGrant(server, findKeyOwner);
  const client = await registerClient(stores, { grantTypes: [GRANT], scope: 'read write' });
  return { server, stores, client };
}

describe('the README custom grant', () => {
  test('the README shows exactly this example', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./custom-grant.ts', import.meta.url), 'utf8');
    const block = readme.match(/<!-- custom-grant -->\n```ts\n([\s\S]*?)```/);
    expect(block?.[1]).toBe(example);
  });

  test('issues a token with its typed field for a known key, resources repeated', async () => {
    const { server, stores, client } = await setup();
    const form =
      'grant_type=urn%3Aexample%3Aapi-key&api_key=key-of-alice&scope=read&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example';
    const body = (await expectToken(
      await server.createTokenResponse(tokenRequest(form, { basic: client })),
    )) as unknown as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'read',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect(stores.dump().tokens).toHaveLength(1);
    expect((await server.metadata()).grant_types_supported).toContain(GRANT);
  });

  test('an unknown key is invalid_grant; a repeated api_key is invalid_request', async () => {
    const { server, client } = await setup();
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: GRANT, api_key: 'nope' }, { basic: client }),
      ),
      400,
      'invalid_grant',
    );
    await expectError(
      await server.createTokenResponse(
        tokenRequest('grant_type=urn%3Aexample%3Aapi-key&api_key=a&api_key=b', { basic: client }),
      ),
      400,
      'invalid_request',
    );
  });

  test('the server refuses to start without the store the grant requires', () => {
    const { clients } = createMemoryStores();
    expect(
      () =>
        new AuthorizationServer({
          clients,
          saveToken: async () => {},
          config: { issuer: 'https://as.example' },
          grants: [createApiKeyGrant(findKeyOwner)],
        }),
    ).toThrow(/needs a tokens store/);
  });
});
