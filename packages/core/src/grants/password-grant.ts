import { generateId } from '../crypto/generate-token.js';
import { InvalidGrantError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import { requiredParam } from '../request/required-param.js';
import { callStore } from '../stores/call-store.js';
import type { TokenGrant } from './token-grant.js';
import { validateRequestedScope } from './validate-scope.js';

/** Checks a resource owner's credentials; `null` when they are wrong. */
export type AuthenticateUser = (
  username: string,
  password: string,
  client: Client,
) => Promise<User | null>;

/**
 * `password` (RFC 6749 4.3), off unless registered: RFC 9700 2.4 says it MUST NOT be used.
 * Register it only for legacy first-party clients.
 *
 * @example
 * server.registerGrant(createPasswordGrant({ authenticateUser: (u, p) => users.check(u, p) }));
 */
export function createPasswordGrant(options: { authenticateUser: AuthenticateUser }): TokenGrant {
  if (typeof options?.authenticateUser !== 'function') {
    throw new TypeError(
      'createPasswordGrant needs an authenticateUser(username, password) function',
    );
  }
  const { authenticateUser } = options;
  return {
    grantType: 'password',
    parameters: ['username', 'password', 'scope'],
    async createTokenResponse({ request, params, client, services }) {
      const username = requiredParam(params, 'username');
      const password = requiredParam(params, 'password');
      const scope = validateRequestedScope(params.get('scope'), client, services.config);
      const user = await callStore(() => authenticateUser(username, password, client));
      if (!user) throw new InvalidGrantError({ description: 'invalid_credentials' });
      const token = await services.generateToken({
        client,
        grantType: 'password',
        user,
        scope,
        includeRefreshToken: client.checkGrantType('refresh_token'),
      });
      await callStore(() =>
        services.saveToken(token, {
          client,
          user,
          grantType: 'password',
          familyId: generateId(),
          issuedAt: services.now(),
          request,
        }),
      );
      return { token, user: user };
    },
  };
}
