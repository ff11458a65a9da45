/** Why a key set could not be fetched: a stable code, for logs and tests. */
export type JwksFetchErrorCode =
  | 'invalid_uri'
  | 'insecure_scheme'
  | 'blocked_address'
  | 'dns'
  | 'redirect'
  | 'status'
  | 'too_large'
  | 'timeout'
  | 'network'
  | 'invalid_jwks';

/**
 * A `jwks_uri` fetch that was refused or failed. Client authentication turns it into
 * `invalid_client`; the message and `code` are for logs, never for the client.
 */
export class JwksFetchError extends Error {
  readonly code: JwksFetchErrorCode;

  constructor(code: JwksFetchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JwksFetchError';
    this.code = code;
  }
}
