/** A token as issued, before it is serialised (RFC 6749 5.1). */
export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  scope: string;
  refreshToken?: string;
  /** Seconds until the refresh token expires; `null` for never. Not sent on the wire. */
  refreshTokenExpiresIn?: number | null;
}

/** The JSON body of a successful token response (RFC 6749 5.1). */
export function tokenResponseBody(token: IssuedToken): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_in: token.expiresIn,
  };
  if (token.refreshToken !== undefined) body.refresh_token = token.refreshToken;
  if (token.scope !== '') body.scope = token.scope;
  return body;
}
