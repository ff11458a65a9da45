import {
  type BearerTokenValidator,
  type BearerTokenValidatorOptions,
  createBearerTokenValidator as createCoreValidator,
} from '@oauthkit/core';
import { createDrizzleStores } from '../create-drizzle-stores.js';
import type { DrizzleDatabase } from '../dialects/detect-dialect.js';

/**
 * Checks `Authorization: Bearer` tokens against `oauth_tokens` (RFC 6750), for a resource
 * server that shares the authorization server's database but not its process.
 *
 * @example
 * const validate = createBearerTokenValidator(db, { realm: 'api' });
 * const token = await validate(request, ['profile']); // throws a 401/403 OAuth2Error
 */
export function createBearerTokenValidator(
  db: DrizzleDatabase,
  options?: BearerTokenValidatorOptions,
): BearerTokenValidator {
  return createCoreValidator(createDrizzleStores(db).tokens, options);
}
