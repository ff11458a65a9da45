import type { JWTPayload } from 'jose';
import { generateToken } from '../crypto/generate-token.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { RecordExtensions } from '../stores/record-extensions.js';

/** What {@link jwtAccessTokenClaims} builds the claims from. */
export interface JwtAccessTokenInput {
  issuer: string;
  client: Client;
  /** The end user; `null` for a token the client holds for itself (client_credentials). */
  user: User | null;
  scope: string;
  /** The `aud` values: the resources' audiences, or the issuer for a token without one. */
  audience: readonly string[];
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresIn: number;
  /** `auth_time` and `acr` come from here when the login reported them. */
  extensions?: RecordExtensions;
}

/**
 * The claims of an RFC 9068 access token (section 2.2): `iss`, `exp`, `aud`, `sub` (the
 * user, or the client itself when there is none: 2.2), `client_id`, `iat`, `jti` (32 random
 * bytes), `scope` when not empty, `auth_time` / `acr` when known (2.2.1), and `cnf.jkt` for
 * a token bound to a DPoP key (RFC 9449 6.1).
 */
export function jwtAccessTokenClaims(input: JwtAccessTokenInput): JWTPayload {
  const { client, user, scope, audience, issuedAt, extensions } = input;
  if (audience.length === 0) throw new TypeError('a JWT access token needs an audience');
  const claims: JWTPayload = {
    iss: input.issuer,
    sub: user?.getUserId() ?? client.clientId,
    aud: audience.length === 1 ? audience[0]! : [...audience],
    exp: issuedAt + input.expiresIn,
    iat: issuedAt,
    jti: generateToken(),
    client_id: client.clientId,
  };
  if (scope !== '') claims.scope = scope;
  if (user && typeof extensions?.authTime === 'number') claims.auth_time = extensions.authTime;
  if (user && typeof extensions?.acr === 'string') claims.acr = extensions.acr;
  if (typeof extensions?.dpopJkt === 'string') claims.cnf = { jkt: extensions.dpopJkt };
  return claims;
}
