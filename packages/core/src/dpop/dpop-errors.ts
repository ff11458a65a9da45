import { OAuth2Error, type OAuth2ErrorOptions } from '../errors/oauth2-error.js';

/**
 * RFC 9449 7.1, 5: the DPoP proof is missing where it is required, malformed, or fails a
 * check of section 4.3. 400 at the token endpoint, 401 at a protected resource.
 */
export class InvalidDpopProofError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions, status = 400) {
    super('invalid_dpop_proof', status, { description: 'invalid_dpop_proof', ...options });
  }
}

/**
 * RFC 9449 8, 9: the proof must carry the nonce the server provides, sent in the `DPoP-Nonce`
 * header of this error. 400 at the token endpoint, 401 at a protected resource.
 */
export class UseDpopNonceError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions, status = 400) {
    super('use_dpop_nonce', status, { description: 'use_dpop_nonce', ...options });
  }
}
