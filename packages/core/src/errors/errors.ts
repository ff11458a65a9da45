import { OAuth2Error, type OAuth2ErrorOptions } from './oauth2-error.js';

// One class per error code of RFC 6749 (4.1.2.1, 5.2), RFC 6750 (3.1) and RFC 7009 (2.2.1).
// The doc comment of each is the RFC's own definition.

/**
 * The request is missing a required parameter, includes an unsupported parameter value,
 * repeats a parameter, includes multiple credentials, or is otherwise malformed.
 */
export class InvalidRequestError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions, status = 400) {
    super('invalid_request', status, { description: 'invalid_request', ...options });
  }
}

/**
 * Client authentication failed (unknown client, no client authentication included, or
 * unsupported authentication method). Answered with 401.
 */
export class InvalidClientError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_client', 401, { description: 'invalid_client', ...options });
  }
}

/**
 * The provided authorization grant or refresh token is invalid, expired, revoked, does not
 * match the redirection URI used in the authorization request, or was issued to another client.
 */
export class InvalidGrantError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_grant', 400, { description: 'invalid_grant', ...options });
  }
}

/** The authenticated client is not authorized to use this authorization grant type. */
export class UnauthorizedClientError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('unauthorized_client', 400, { description: 'unauthorized_client', ...options });
  }
}

/** The authorization grant type is not supported by the authorization server. */
export class UnsupportedGrantTypeError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('unsupported_grant_type', 400, { description: 'unsupported_grant_type', ...options });
  }
}

/** The requested scope is invalid, unknown, malformed, or exceeds the scope granted. */
export class InvalidScopeError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_scope', 400, { description: 'invalid_scope', ...options });
  }
}

/**
 * RFC 8707 2: the requested resource is invalid, unknown, or not one this client (or this
 * scope) may have a token for.
 */
export class InvalidTargetError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_target', 400, { description: 'invalid_target', ...options });
  }
}

/** The resource owner or authorization server denied the request. */
export class AccessDeniedError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('access_denied', 403, { description: 'access_denied', ...options });
  }
}

/** The authorization server does not support obtaining a token or code using this method. */
export class UnsupportedResponseTypeError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('unsupported_response_type', 400, {
      description: 'unsupported_response_type',
      ...options,
    });
  }
}

/** The authorization server encountered an unexpected condition. */
export class ServerError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('server_error', 500, { description: 'server_error', ...options });
  }
}

/**
 * The authorization server is currently unable to handle the request due to a temporary
 * overloading or maintenance of the server. Raised when a store fails: fail closed, 503.
 */
export class TemporarilyUnavailableError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('temporarily_unavailable', 503, {
      description: 'temporarily_unavailable',
      ...options,
      headers: { 'Retry-After': '1', ...options?.headers },
    });
  }
}

/**
 * The access token provided is expired, revoked, malformed, or invalid for other reasons
 * (RFC 6750 3.1). Answered with 401.
 */
export class InvalidTokenError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_token', 401, { description: 'invalid_token', ...options });
  }
}

/** The request requires higher privileges than provided by the access token (RFC 6750 3.1). */
export class InsufficientScopeError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('insufficient_scope', 403, { description: 'insufficient_scope', ...options });
  }
}

/** The authorization server does not support the revocation of the presented token type. */
export class UnsupportedTokenTypeError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('unsupported_token_type', 400, { description: 'unsupported_token_type', ...options });
  }
}

/** The endpoint was called with an HTTP method it does not serve (405, `Allow` header). */
export class MethodNotAllowedError extends OAuth2Error {
  constructor(allow: string[], options?: OAuth2ErrorOptions) {
    super('invalid_request', 405, {
      description: 'method_not_allowed',
      ...options,
      headers: { Allow: allow.join(', '), ...options?.headers },
    });
  }
}
