import type { ResolvedConfig } from '../config/server-config.js';
import type { SigningKeySet } from '../keys/signing-key-set.js';
import { tokenResourceSettings } from '../resources/token-resources.js';
import type { TokenGenerator } from './bearer-token-generator.js';
import { jwtAccessTokenClaims } from './jwt-access-token-claims.js';

/** The `typ` header of an RFC 9068 access token (section 2.1). */
export const JWT_ACCESS_TOKEN_TYP = 'at+jwt';

/**
 * The server's default {@link TokenGenerator}: `opaque` makes the token (and the refresh
 * token, and the grant's lifetime); the token's resources may set another lifetime and the
 * format, with the client's `accessTokenFormat` and the server's as fallbacks. A `jwt`
 * access token replaces the opaque value with an RFC 9068 JWT signed by `signingKeys`; the
 * store keeps its digest like any other token's, so revocation and introspection work as
 * they do for opaque tokens.
 */
export function createAccessTokenGenerator(
  config: Pick<ResolvedConfig, 'issuer' | 'resources' | 'accessTokenFormat'>,
  signingKeys: SigningKeySet | null,
  opaque: TokenGenerator,
): TokenGenerator {
  return async (input) => {
    const resources = input.resource ?? [];
    const settings = tokenResourceSettings(resources, input.client, config);
    const token = await opaque(input);
    if (settings.expiresIn !== null) token.expiresIn = settings.expiresIn;
    if (settings.format === 'opaque') return token;
    // Checked at start-up for the server's and the resources' settings; a client's metadata
    // can only be seen here.
    if (!signingKeys) throw new TypeError('JWT access tokens need the signingKeys option');
    const claims = jwtAccessTokenClaims({
      issuer: config.issuer,
      client: input.client,
      user: input.user,
      scope: token.scope,
      audience: settings.audience.length > 0 ? settings.audience : [config.issuer],
      issuedAt: Math.floor(Date.now() / 1000),
      expiresIn: token.expiresIn,
      extensions: input.extensions,
    });
    token.accessToken = await signingKeys.sign(claims, { typ: JWT_ACCESS_TOKEN_TYP });
    return token;
  };
}
