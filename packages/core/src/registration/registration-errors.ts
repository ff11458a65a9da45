import { OAuth2Error, type OAuth2ErrorOptions } from '../errors/oauth2-error.js';

// The error codes of RFC 7591 3.2.2, answered with 400 and a JSON body like every token
// endpoint error. Descriptions are literal: they name the field at fault, never a stored value.

/** The value of one or more redirection URIs is invalid (RFC 7591 3.2.2). */
export class InvalidRedirectUriError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_redirect_uri', 400, options);
  }
}

/**
 * The value of one of the client metadata fields is invalid and the server has rejected
 * this request (RFC 7591 3.2.2).
 */
export class InvalidClientMetadataError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_client_metadata', 400, options);
  }
}

/** The software statement presented is invalid (RFC 7591 3.2.2). */
export class InvalidSoftwareStatementError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('invalid_software_statement', 400, options);
  }
}

/**
 * The software statement presented is not approved for use by this authorization server
 * (RFC 7591 3.2.2).
 */
export class UnapprovedSoftwareStatementError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('unapproved_software_statement', 400, options);
  }
}
