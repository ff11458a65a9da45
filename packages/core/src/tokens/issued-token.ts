/** A token as issued, before it is serialised (RFC 6749 5.1). */
export interface IssuedToken {
  accessToken: string;
  /** `DPoP` when the access token is bound to a DPoP key (RFC 9449 5). */
  tokenType: 'Bearer' | 'DPoP';
  /** Seconds until the access token expires. */
  expiresIn: number;
  scope: string;
  refreshToken?: string;
  /** Seconds until the refresh token expires; `null` for never. Not sent on the wire. */
  refreshTokenExpiresIn?: number | null;
}

/** The fields of RFC 6749 5.1 that only the issued token itself may set. */
const STANDARD_FIELDS = new Set([
  'access_token',
  'token_type',
  'expires_in',
  'refresh_token',
  'scope',
]);

/**
 * The JSON body of a successful token response (RFC 6749 5.1), with the `fields` grants and
 * extensions added. A field that would replace a standard one is a programming mistake: a
 * `TypeError`, never a silently changed token.
 */
export function tokenResponseBody(token: IssuedToken, fields?: object): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_in: token.expiresIn,
  };
  if (token.refreshToken !== undefined) body.refresh_token = token.refreshToken;
  if (token.scope !== '') body.scope = token.scope;
  if (fields) {
    for (const [name, value] of Object.entries(fields)) {
      if (STANDARD_FIELDS.has(name)) {
        throw new TypeError(`a token response field may not replace ${name}`);
      }
      if (value !== undefined) body[name] = value;
    }
  }
  return body;
}
