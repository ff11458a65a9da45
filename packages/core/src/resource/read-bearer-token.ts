import { InvalidRequestError, InvalidTokenError } from '../errors/errors.js';
import type { OAuth2Request } from '../request/oauth2-request.js';

/**
 * A request without any bearer credentials (RFC 6750 3.1): answered 401 with a bare
 * `WWW-Authenticate` challenge and no error information at all, in the header or the body.
 */
export class MissingTokenError extends InvalidTokenError {}

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
// RFC 6750 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +[A-Za-z0-9\-._~+/]+=* *$/i;

/** The `WWW-Authenticate` header of a refusal: `Bearer realm="..."` and `fields`. */
export function bearerChallenge(realm: string, fields: string): Record<string, string> {
  return { 'WWW-Authenticate': `Bearer realm="${realm}"${fields}` };
}

/**
 * Checks the application's required scopes: a malformed one is a caller mistake (it could
 * not appear in a token, nor be written in a challenge header), a `TypeError`.
 */
export function checkRequiredScopes(requiredScopes: readonly string[]): void {
  for (const scope of requiredScopes) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new TypeError(
        `required scope ${JSON.stringify(scope)} is not a scope token (RFC 6749 3.3)`,
      );
    }
  }
}

/**
 * The token of `Authorization: Bearer` (RFC 6750 2.1), or the RFC 6750 refusal: no
 * credentials, a bare 401 challenge; a token in the form body, 400 `invalid_request` (only the
 * header is accepted); a malformed header, 401 `invalid_token`.
 */
export function readBearerToken(
  request: Pick<OAuth2Request, 'headers'> & Partial<OAuth2Request>,
  realm: string,
): string {
  const header = request.headers.get('authorization');
  const inBody = request.form?.has('access_token') === true;
  // Another scheme (Basic, say) is no bearer credential: the bare challenge (RFC 6750 3.1).
  if (header === null || !/^bearer(\s|$)/i.test(header)) {
    if (inBody) {
      // Form-encoded tokens (RFC 6750 2.2) are not accepted: a header is required.
      throw new InvalidRequestError(
        { headers: bearerChallenge(realm, ', error="invalid_request"') },
        400,
      );
    }
    throw new MissingTokenError({ headers: bearerChallenge(realm, '') });
  }
  if (inBody) {
    throw new InvalidRequestError(
      {
        description: 'multiple_auth_methods',
        headers: bearerChallenge(realm, ', error="invalid_request"'),
      },
      400,
    );
  }
  if (!BEARER.test(header)) {
    throw new InvalidTokenError({ headers: bearerChallenge(realm, ', error="invalid_token"') });
  }
  // The token between the scheme's spaces and any trailing ones (the pattern just matched):
  // no match array per request.
  let start = 'Bearer'.length;
  while (header.charCodeAt(start) === 32) start++;
  let end = header.length;
  while (header.charCodeAt(end - 1) === 32) end--;
  return header.slice(start, end);
}

/** 403 `insufficient_scope` naming the scopes the route needs (RFC 6750 3.1). */
export function insufficientScope(realm: string, requiredScopes: readonly string[]) {
  const scope = requiredScopes.join(' ').replace(/["\\]/g, '');
  return bearerChallenge(realm, `, error="insufficient_scope", scope="${scope}"`);
}
