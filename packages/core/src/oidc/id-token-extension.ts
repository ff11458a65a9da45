import type { GrantExtension } from '../grants/token-grant.js';
import { isSigningAlgorithm } from '../keys/signing-algorithm.js';
import { scopeToList } from '../models/scope.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { findReleasedClaims } from './find-released-claims.js';
import { signIdToken } from './sign-id-token.js';
import { subjectForClient } from './subject-for-client.js';

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
      const keys = services.signingKeys!; // checked when the server started
      const { authTime, acr, amr, claims } = origin.extensions;
      const wanted = client.metadata.idTokenSignedResponseAlg;
      const alg =
        wanted !== undefined && isSigningAlgorithm(wanted) && keys.algorithms.includes(wanted)
          ? wanted
          : undefined;
      const released = await findReleasedClaims(options, {
        user,
        client,
        scopes,
        claims,
        target: 'id_token',
      });
      const idToken = await signIdToken(
        keys,
        {
          issuer: services.config.issuer,
          subject: subjectForClient(client, user.getUserId(), options.pairwiseSalt),
          clientId: client.clientId,
          issuedAt: Math.floor(services.now().getTime() / 1000),
          expiresIn: options.idTokenExpiresIn,
          authTime,
          nonce: origin.nonce ?? undefined,
          acr,
          amr,
          accessToken: token.accessToken,
          claims: released,
        },
        alg,
      );
      return { id_token: idToken };
    },
  };
}
