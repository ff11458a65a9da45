import type { Stores } from '@oauthkit/core';
import type { Connection } from 'mongoose';
import { registerOAuthModels } from '../models/register-oauth-models.js';
import { createMongooseAuthorizationCodeStore } from './mongoose-authorization-code-store.js';
import { createMongooseClientStore } from './mongoose-client-store.js';
import { createMongooseTokenStore } from './mongoose-token-store.js';
import { createTransactionSupport } from './transaction-support.js';

/** Options of {@link createMongooseStores}. */
export interface MongooseStoresOptions {
  /**
   * Whether `rotateRefreshToken` runs in a multi-document transaction. Default: ask the
   * deployment once (`hello`): yes on a replica set or sharded cluster, no on a standalone
   * server, where a conditional update with a compensating delete is used instead.
   */
  transactions?: boolean;
}

/**
 * The oauthkit {@link Stores} over MongoDB, on your own Mongoose connection. The models are
 * registered on it (see `registerOAuthModels`) in the collections `oauth_clients`,
 * `oauth_tokens` and `oauth_authorization_codes`.
 *
 * @example
 * const connection = await mongoose.createConnection(process.env.MONGODB_URL).asPromise();
 * const server = createAuthorizationServer({ ...createMongooseStores(connection), config });
 */
export function createMongooseStores(
  connection: Connection,
  options: MongooseStoresOptions = {},
): Stores {
  if (options.transactions !== undefined && typeof options.transactions !== 'boolean') {
    throw new TypeError('options.transactions must be a boolean when set');
  }
  const models = registerOAuthModels(connection);
  return {
    clients: createMongooseClientStore(models.Client),
    tokens: createMongooseTokenStore(
      connection,
      models.Token,
      createTransactionSupport(connection, options.transactions),
    ),
    codes: createMongooseAuthorizationCodeStore(models.AuthorizationCode),
  };
}
