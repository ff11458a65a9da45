import type { GrantExtension } from '../grants/token-grant.js';
import { scopeToList } from '../models/scope.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { issueIdToken } from './issue-id-token.js';

/**
 * Adds `id_token` to the token response of a grant issued for an End-User with `openid`
 * granted (OpenID Connect Core 3.1.3.3): the code exchange, and a refresh whose scope still
 * holds `openid` (Core 12.2: the same `iss`, `sub`, `aud`, `auth_time`, `acr`, `amr`; a new
 * `iat`; the `nonce` only on the code exchange). `at_hash` binds it to the access token.
 */
export function createIdTokenExtension(options: ResolvedOpenIdConnectOptions): GrantExtension {
  return {
    async tokenResponseFields({ client, services }, result) {
      const { user, origin, token } = result;
      if (!user || !origin) return undefined;
      const scopes = scopeToList(token.scope);
      if (!scopes.includes('openid')) return undefined;
      const idToken = await issueIdToken(options, {
        client,
        user,
        services,
        scopes,
        extensions: origin.extensions,
        nonce: origin.nonce ?? undefined,
        accessToken: token.accessToken,
      });
      return { id_token: idToken };
    },
  };
}
