/**
 * `Authorization: DPoP <token>` (RFC 9449 7.1): the access token in the token68 syntax of
 * RFC 6750 2.1, captured.
 */
export const DPOP_AUTHORIZATION = /^DPoP +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Whether an `Authorization` header uses the `DPoP` scheme (well formed or not). */
export function isDpopScheme(header: string | null): header is string {
  return header !== null && /^dpop(\s|$)/i.test(header);
}

/**
 * The `WWW-Authenticate: DPoP` challenge of a protected resource (RFC 9449 7.1): `realm`,
 * then `fields` (such as `, error="invalid_token"`), then the accepted `algs`.
 */
export function dpopChallenge(
  realm: string,
  algorithms: readonly string[],
  fields = '',
): { 'WWW-Authenticate': string } {
  return { 'WWW-Authenticate': `DPoP realm="${realm}"${fields}, algs="${algorithms.join(' ')}"` };
}
