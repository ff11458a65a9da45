import { DEFAULTS } from '../config/defaults.js';
import { digestToken } from '../crypto/digest.js';
import {
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
} from '../errors/errors.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import { createToken, type Token } from '../models/token.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStore } from '../stores/call-store.js';
import type { TokenStore } from '../stores/token-store.js';

/**
 * A request without any bearer credentials (RFC 6750 3.1): answered 401 with a bare
 * `WWW-Authenticate` challenge and no error information at all, in the header or the body.
 */
export class MissingTokenError extends InvalidTokenError {}

/** Options of {@link createBearerTokenValidator}. */
export interface BearerTokenValidatorOptions {
  /** `realm` of the `WWW-Authenticate` challenge (RFC 6750 3). */
  realm?: string;
  /** Emits `tokenAuthenticated` for every accepted token. */
  events?: ServerEventEmitter;
  now?: () => Date;
}

/** Checks the bearer token of a request; resolves the token or throws an RFC 6750 error. */
export type BearerTokenValidator = (
  request: Pick<OAuth2Request, 'headers'> & Partial<OAuth2Request>,
  requiredScopes?: readonly string[],
) => Promise<Token>;

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

// RFC 6750 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The resource side (RFC 6750): reads `Authorization: Bearer`, looks the token up by digest
 * and checks expiry, revocation and scopes. Missing token: 401 with a bare challenge; bad
 * token: 401 `invalid_token`; missing scope: 403 `insufficient_scope`.
 *
 * @example
 * const validate = createBearerTokenValidator(stores.tokens);
 * const token = await validate(request, ['profile']);
 */
export function createBearerTokenValidator(
  tokens: TokenStore,
  options: BearerTokenValidatorOptions = {},
): BearerTokenValidator {
  const realm = options.realm ?? DEFAULTS.realm;
  const now = options.now ?? (() => new Date());
  const challenge = (fields: string) => ({
    'WWW-Authenticate': `Bearer realm="${realm}"${fields}`,
  });
  return async (request, requiredScopes = []) => {
    // The scopes come from the application, not the client: a malformed one is a caller
    // mistake (it could not appear in a token, nor be written in a challenge header).
    for (const scope of requiredScopes) {
      if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
        throw new TypeError(
          `required scope ${JSON.stringify(scope)} is not a scope token (RFC 6749 3.3)`,
        );
      }
    }
    const header = request.headers.get('authorization');
    const inBody = request.form?.has('access_token') === true;
    if (header === null || !/^bearer(\s|$)/i.test(header)) {
      if (inBody) {
        // Form-encoded tokens (RFC 6750 2.2) are not accepted: a header is required.
        throw new InvalidRequestError({ headers: challenge(', error="invalid_request"') }, 400);
      }
      // No credentials at all: a bare challenge, no error code (RFC 6750 3.1).
      throw new MissingTokenError({ headers: challenge('') });
    }
    if (inBody) {
      throw new InvalidRequestError(
        { description: 'multiple_auth_methods', headers: challenge(', error="invalid_request"') },
        400,
      );
    }
    const m = BEARER.exec(header);
    const invalid = () => new InvalidTokenError({ headers: challenge(', error="invalid_token"') });
    if (!m) throw invalid();
    const record = await callStore(() => tokens.findByAccessToken(digestToken(m[1]!)));
    if (!record) throw invalid();
    const token = createToken(record);
    if (token.isRevoked() || token.isExpired(now())) throw invalid();
    if (!token.hasScopes(requiredScopes)) {
      const scope = requiredScopes.join(' ').replace(/["\\]/g, '');
      throw new InsufficientScopeError({
        headers: challenge(`, error="insufficient_scope", scope="${scope}"`),
      });
    }
    options.events?.emit('tokenAuthenticated', { record, request: request as OAuth2Request });
    return token;
  };
}
