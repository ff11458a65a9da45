import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  codeParams,
  createTestServer,
  expectErrorRedirect,
  expectRedirect,
  registerAuthzClient,
  testUser,
} from '../../test/helpers.js';
import { InvalidRequestError } from '../errors/errors.js';
import type { AuthorizationExtension } from './authorization-extension.js';

// The authorization-request extension point (server.registerAuthorizationExtension).

/** Requires a `tenant` parameter (repeatable) and saves the approval's amr with the code. */
const tenantExtension: AuthorizationExtension = {
  repeatableParameters: ['tenant'],
  validateAuthorizationRequest({ authorization }) {
    if (authorization.params.getAll('tenant').length === 0) {
      throw new InvalidRequestError({
        description: 'missing_parameter',
        params: { name: 'tenant' },
      });
    }
  },
  approveAuthorizationRequest({ authorization }) {
    if (authorization.interaction.session?.authTime === undefined) {
      throw new InvalidRequestError({ description: 'invalid_request' });
    }
    authorization.extensions.amr = ['tenant-checked'];
  },
};

describe('authorization-request extensions', () => {
  test('a failed check goes back to the client by redirect, with state and iss', async () => {
    const { server, stores } = createTestServer();
    server.registerAuthorizationExtension(tenantExtension);
    const client = await registerAuthzClient(stores);
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), testUser()),
      { error: 'invalid_request', state: 'xyz' },
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('its repeatable parameters may repeat; the approval hook fills what the code keeps', async () => {
    const { server, stores } = createTestServer();
    server.registerAuthorizationExtension(tenantExtension);
    const client = await registerAuthzClient(stores);
    const params = [...Object.entries(codeParams(client)), ['tenant', 'a'], ['tenant', 'b']] as [
      string,
      string,
    ][];
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
      { error: 'invalid_request', state: 'xyz' },
    );
    const { query } = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser(), {
        session: { authTime: 1 },
        extensions: { acr: 'app' },
      }),
    );
    expect(query.get('code')).not.toBeNull();
    expect(stores.dump().codes[0]?.extensions).toEqual({ acr: 'app', amr: ['tenant-checked'] });
  });

  test('an extension without hooks is refused when registered', () => {
    const { server } = createTestServer();
    expect(() => server.registerAuthorizationExtension({} as AuthorizationExtension)).toThrow(
      TypeError,
    );
  });
});
