import { type SaveToken, saveTokenFromStore } from '@oauthkit/core';
import { createDrizzleStores } from '../create-drizzle-stores.js';
import type { DrizzleDatabase } from '../dialects/detect-dialect.js';

/**
 * A `saveToken` that inserts issued tokens, as digests, into `oauth_tokens` (Authlib's
 * `create_save_token_func`).
 *
 * @example
 * const server = createAuthorizationServer({ clients, saveToken: createSaveToken(db), config });
 */
export function createSaveToken(db: DrizzleDatabase): SaveToken {
  return saveTokenFromStore(createDrizzleStores(db).tokens);
}
