import type { SigningKeySet } from '../keys/signing-key-set.js';
import { NO_STORE, type OAuth2Response } from '../response/oauth2-response.js';

/** The media type of an RFC 9701 JWT introspection response, and its `typ` (RFC 9701 5, 12.3). */
export const TOKEN_INTROSPECTION_JWT = 'application/token-introspection+jwt';

/** Whether the caller asked for an RFC 9701 JWT response (`Accept` names its media type). */
export function wantsIntrospectionJwt(accept: string | null): boolean {
  if (accept === null) return false;
  return accept
    .split(',')
    .some((part) => part.split(';')[0]!.trim().toLowerCase() === TOKEN_INTROSPECTION_JWT);
}

/**
 * An introspection answer as a signed JWT (RFC 9701 5): `iss`, `aud` (the resource server
 * that asked), `iat` and the RFC 7662 answer in `token_introspection`, with `typ`
 * `token-introspection+jwt`, signed by the server's keys.
 */
export async function introspectionJwtResponse(
  keys: SigningKeySet,
  issuer: string,
  audience: string,
  answer: Record<string, unknown>,
): Promise<OAuth2Response> {
  const jwt = await keys.sign(
    {
      iss: issuer,
      aud: audience,
      iat: Math.floor(Date.now() / 1000),
      token_introspection: answer,
    },
    { typ: 'token-introspection+jwt' },
  );
  return {
    status: 200,
    headers: { 'Content-Type': TOKEN_INTROSPECTION_JWT, ...NO_STORE },
    body: jwt,
  };
}
