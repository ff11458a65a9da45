import { DEFAULTS } from '../config/defaults.js';
import { digestToken } from '../crypto/digest.js';
import { InsufficientScopeError, InvalidTokenError } from '../errors/errors.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import { createToken, type Token } from '../models/token.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStoreThen } from '../stores/call-store.js';
import type { TokenRecord, TokenStore } from '../stores/token-store.js';
import { isDpopPresented } from './dpop-presented.js';
import {
  bearerChallenge,
  checkRequiredScopes,
  insufficientScope,
  MissingTokenError,
  readBearerToken,
} from './read-bearer-token.js';

export { MissingTokenError };

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
  // Not an async function: the checks before and after the store's answer run around one
  // `then` on it, without an async frame held across the lookup (this runs on every request).
  const accept = (
    record: TokenRecord | null,
    request: Parameters<BearerTokenValidator>[0],
    requiredScopes: readonly string[],
  ): Token => {
    if (!record) throw invalidToken(realm);
    const token = createToken(record);
    if (token.isRevoked() || token.isExpired(now())) throw invalidToken(realm);
    // A DPoP-bound token is no bearer token: only a protector that checks its proof may pass
    // it on (RFC 9449 7.2, rule 37).
    if (record.extensions?.dpopJkt !== undefined && !isDpopPresented(request)) {
      throw invalidToken(realm);
    }
    if (!token.hasScopes(requiredScopes)) {
      throw new InsufficientScopeError({ headers: insufficientScope(realm, requiredScopes) });
    }
    if (options.events?.has('tokenAuthenticated')) {
      options.events.emit('tokenAuthenticated', { record, request: request as OAuth2Request });
    }
    return token;
  };
  return (request, requiredScopes = []) => {
    try {
      checkRequiredScopes(requiredScopes);
      const value = readBearerToken(request, realm);
      return callStoreThen(
        () => tokens.findByAccessToken(digestToken(value)),
        (record) => accept(record, request, requiredScopes),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** 401 `invalid_token` with its challenge (RFC 6750 3.1). */
function invalidToken(realm: string): InvalidTokenError {
  return new InvalidTokenError({ headers: bearerChallenge(realm, ', error="invalid_token"') });
}
