import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import { InvalidTargetError } from '../errors/errors.js';
import type { GrantExtension, TokenGrant } from '../grants/token-grant.js';

/** A grant that issues a client token and reports the resources it was asked for. */
function resourceGrant(log: string[] = []): TokenGrant {
  return {
    grantType: 'urn:example:resources',
    parameters: ['resource'],
    repeatableParameters: ['resource'],
    async createTokenResponse({ client, services }) {
      log.push('grant');
      const token = await services.generateToken({
        client,
        grantType: 'urn:example:resources',
        user: null,
        scope: '',
        includeRefreshToken: false,
      });
      return {
        token,
        user: null,
        fields: { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
      };
    },
  };
}

async function setup(grant: TokenGrant, extensions: GrantExtension[] = []) {
  const { server, stores } = createTestServer();
  server.registerGrant(grant, extensions);
  const client = await registerClient(stores, { grantTypes: [grant.grantType] });
  return { server, stores, client };
}

describe('repeated parameters (RFC 6749 3.2, RFC 8707)', () => {
  test('a parameter the grant declares repeatable may repeat; its values arrive in order', async () => {
    const values: string[][] = [];
    const grant = resourceGrant();
    const { server, client } = await setup({
      ...grant,
      async createTokenResponse(context) {
        values.push(context.params.getAll('resource'));
        return grant.createTokenResponse(context);
      },
    });
    const form =
      'grant_type=urn%3Aexample%3Aresources&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example';
    await expectToken(await server.createTokenResponse(tokenRequest(form, { basic: client })));
    expect(values).toEqual([['https://a.example', 'https://b.example']]);
  });

  test('every other repeated parameter is still invalid_request, and nothing is issued', async () => {
    const { server, client, stores } = await setup(resourceGrant());
    for (const form of [
      'grant_type=urn%3Aexample%3Aresources&scope=a&scope=b',
      'grant_type=urn%3Aexample%3Aresources&grant_type=client_credentials',
      'grant_type=client_credentials&audience=https%3A%2F%2Fa.example&audience=https%3A%2F%2Fb.example',
    ]) {
      await expectError(
        await server.createTokenResponse(tokenRequest(form, { basic: client })),
        400,
        'invalid_request',
      );
    }
    expect(stores.dump().tokens).toHaveLength(0);
  });

  test('an extension may declare a repeatable parameter too', async () => {
    const { server, stores } = createTestServer();
    server.registerGrant(
      { ...resourceGrant(), grantType: 'urn:example:plain', repeatableParameters: [] },
      [{ repeatableParameters: ['audience'] }],
    );
    const client = await registerClient(stores, { grantTypes: ['urn:example:plain'] });
    await expectToken(
      await server.createTokenResponse(
        tokenRequest('grant_type=urn%3Aexample%3Aplain&audience=a&audience=b', { basic: client }),
      ),
    );
  });
});

describe('token response fields', () => {
  test('a grant adds typed fields to the response', async () => {
    const { server, client } = await setup(resourceGrant());
    const body = (await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'urn:example:resources' }, { basic: client }),
      ),
    )) as unknown as Record<string, unknown>;
    expect(body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(body.token_type).toBe('Bearer');
  });

  test('an extension adds fields after the grant; a field may not replace a standard one', async () => {
    const { server, client } = await setup(resourceGrant(), [
      { tokenResponseFields: () => ({ id_token: 'header.payload.signature' }) },
    ]);
    const body = (await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'urn:example:resources' }, { basic: client }),
      ),
    )) as unknown as Record<string, unknown>;
    expect(body.id_token).toBe('header.payload.signature');
    expect(body.issued_token_type).toBeDefined();

    const errors: unknown[] = [];
    const bad = createTestServer({ onServerError: (e) => errors.push(e.cause) });
    bad.server.registerGrant(resourceGrant(), [
      { tokenResponseFields: () => ({ access_token: 'forged' }) as never },
    ]);
    const badClient = await registerClient(bad.stores, { grantTypes: ['urn:example:resources'] });
    await expectError(
      await bad.server.createTokenResponse(
        tokenRequest({ grant_type: 'urn:example:resources' }, { basic: badClient }),
      ),
      500,
      'server_error',
    );
    expect(String(errors[0])).toMatch(/may not replace access_token/);
  });
});

describe('grant extensions run where their documentation says', () => {
  test('validateTokenRequest after client authentication and before the grant; tokenResponseFields after it', async () => {
    const log: string[] = [];
    const { server, client } = await setup(resourceGrant(log), [
      {
        validateTokenRequest: ({ client: c }) => {
          log.push(`validate:${c.clientId === client.clientId}`);
        },
        tokenResponseFields: (_, result) => {
          log.push(`fields:${result.token.accessToken.length > 0}`);
          return undefined;
        },
      },
    ]);
    server.on('clientAuthenticated', () => log.push('authenticated'));
    server.on('tokenIssued', () => log.push('issued'));
    await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'urn:example:resources' }, { basic: client }),
      ),
    );
    expect(log).toEqual(['authenticated', 'validate:true', 'grant', 'fields:true', 'issued']);
  });

  test('a refusal in validateTokenRequest issues nothing', async () => {
    const log: string[] = [];
    const { server, client, stores } = await setup(resourceGrant(log), [
      {
        validateTokenRequest: () => {
          throw new InvalidTargetError();
        },
      },
    ]);
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'urn:example:resources' }, { basic: client }),
      ),
      400,
      'invalid_target',
    );
    expect(log).toEqual([]);
    expect(stores.dump().tokens).toHaveLength(0);
  });
});
