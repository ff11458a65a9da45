import { OAuth2Error, type OAuth2ErrorOptions } from '../errors/oauth2-error.js';

/**
 * RFC 9101 6.2 (used by RFC 9126 4): "The request_uri in the authorization request returns
 * an error or contains invalid data." Here: unknown, expired, already used, or pushed by
 * another client. Shown as an error page, never redirected: the redirect URI is in the
 * pushed request this error could not use.
 */
export class InvalidRequestUriError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_request_uri', 400, { description: 'request_uri_invalid', ...options });
  }
}
