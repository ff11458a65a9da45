/**
 * The error codes each endpoint may answer, from the RFCs: anything else in an `error`
 * field is a defect. `temporarily_unavailable` is RFC 6749's own code for a store failure.
 */
export const ERROR_CODES = {
  /** RFC 6749 5.2, plus the store-failure code. */
  token: new Set([
    'invalid_request',
    'invalid_client',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
    'temporarily_unavailable',
    'server_error',
  ]),
  /** RFC 7009 2.2.1 on top of RFC 6749 5.2. */
  revocation: new Set([
    'invalid_request',
    'invalid_client',
    'unsupported_token_type',
    'temporarily_unavailable',
    'server_error',
  ]),
  /** RFC 7662 2.3 refers to RFC 6749 5.2. */
  introspection: new Set([
    'invalid_request',
    'invalid_client',
    'temporarily_unavailable',
    'server_error',
  ]),
  /** RFC 6749 4.1.2.1. */
  authorization: new Set([
    'invalid_request',
    'unauthorized_client',
    'access_denied',
    'unsupported_response_type',
    'invalid_scope',
    'server_error',
    'temporarily_unavailable',
  ]),
  /** RFC 6750 3.1. */
  bearer: new Set(['invalid_request', 'invalid_token', 'insufficient_scope']),
} as const;

/** The endpoints answered with JSON and `no-store` (RFC 6749 5.1). */
export type TokenStyleEndpoint = 'token' | 'revocation' | 'introspection';
