import { type SaveToken, saveTokenFromStore } from '@oauthkit/core';
import type { Connection } from 'mongoose';
import { registerOAuthModels } from '../models/register-oauth-models.js';
import { createMongooseTokenStore } from '../stores/mongoose-token-store.js';
import { createTransactionSupport } from '../stores/transaction-support.js';

/**
 * The server's `saveToken` writing to `oauth_tokens` on your connection (Authlib's
 * `create_save_token_func`): only digests of the issued tokens are stored.
 *
 * @example
 * const server = createAuthorizationServer({ saveToken: createSaveToken(connection), ... });
 */
export function createSaveToken(connection: Connection): SaveToken {
  const { Token } = registerOAuthModels(connection);
  // A rotation asks the deployment (once) whether it runs transactions, as the stores do.
  const tokens = createMongooseTokenStore(
    connection,
    Token,
    createTransactionSupport(connection, undefined),
  );
  return saveTokenFromStore(tokens);
}
