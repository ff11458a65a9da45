import { InvalidRequestError } from '../errors/errors.js';
import type { AuthorizationExtension } from '../grants/authorization-extension.js';

const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * `dpop_jkt` at the authorization endpoint (RFC 9449 10): the thumbprint of the key the
 * client will prove at the token endpoint, saved with the code (`extensions.dpopJkt`), so a
 * code intercepted on the way back cannot be redeemed without that key. A value that is not
 * a base64url SHA-256 thumbprint is `invalid_request`.
 */
export function createDpopAuthorizationExtension(): AuthorizationExtension {
  return {
    validateAuthorizationRequest({ authorization }) {
      const jkt = authorization.params.get('dpop_jkt');
      if (jkt === undefined) return;
      if (!THUMBPRINT.test(jkt)) {
        throw new InvalidRequestError({
          description: 'invalid_parameter',
          params: { name: 'dpop_jkt' },
        });
      }
      authorization.extensions.dpopJkt = jkt;
    },
  };
}
