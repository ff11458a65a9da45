import type { ResolvedConfig } from '../config/server-config.js';
import type { SigningKeySet } from '../keys/signing-key-set.js';
import { type TokenResourceSettings, tokenResourceSettings } from '../resources/token-resources.js';
import type { TokenGenerator, TokenGeneratorInput } from './bearer-token-generator.js';
import type { IssuedToken } from './issued-token.js';
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
  // Not an async function: an opaque token from a generator that answers at once is
  // handed back as it is (the server's generateToken makes the one promise).
  return (input) => {
    const settings = tokenResourceSettings(input.resource ?? [], input.client, config);
    const token = opaque(input);
    return isIssuedToken(token)
      ? finish(token, settings, input)
      : Promise.resolve(token).then((t) => finish(t, settings, input));
  };

  function finish(
    token: IssuedToken,
    settings: TokenResourceSettings,
    input: TokenGeneratorInput,
  ): IssuedToken | Promise<IssuedToken> {
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
    return signingKeys.sign(claims, { typ: JWT_ACCESS_TOKEN_TYP }).then((jwt) => {
      token.accessToken = jwt;
      return token;
    });
  }
}

/** A token already made, not a promise of one (a plain object with no `then`). */
function isIssuedToken(value: IssuedToken | Promise<IssuedToken>): value is IssuedToken {
  return typeof (value as { then?: unknown }).then !== 'function';
}
