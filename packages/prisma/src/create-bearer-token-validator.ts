import {
  type BearerTokenValidator,
  type BearerTokenValidatorOptions,
  createBearerTokenValidator as createCoreBearerTokenValidator,
} from '@oauthkit/core';
import type { PrismaClientLike } from './prisma-client-like.js';
import { createPrismaTokenStore } from './token-store.js';

/**
 * The resource server's bearer-token check (RFC 6750) over the `OauthToken` model
 * (Authlib's `create_bearer_token_validator`): looks the token up by digest, then checks
 * expiry, revocation and scopes.
 *
 * @example
 * const validate = createBearerTokenValidator(prisma, { realm: 'api' });
 * const token = await validate(request, ['profile']); // throws a 401/403 OAuth2Error
 */
export function createBearerTokenValidator(
  prisma: Pick<PrismaClientLike, 'oauthToken' | '$transaction'>,
  options: BearerTokenValidatorOptions = {},
): BearerTokenValidator {
  return createCoreBearerTokenValidator(createPrismaTokenStore(prisma), options);
}
