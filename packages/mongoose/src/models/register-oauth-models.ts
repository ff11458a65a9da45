import type { Connection, Model, Schema } from 'mongoose';
import {
  type AuthorizationCodeDocument,
  authorizationCodeSchema,
} from '../schemas/authorization-code-schema.js';
import { type ClientDocument, clientSchema } from '../schemas/client-schema.js';
import { type DeviceCodeDocument, deviceCodeSchema } from '../schemas/device-code-schema.js';
import { type TokenDocument, tokenSchema } from '../schemas/token-schema.js';

/** The names the models are registered under on a connection. */
export const OAUTH_MODEL_NAMES = {
  client: 'OAuthClient',
  token: 'OAuthToken',
  authorizationCode: 'OAuthAuthorizationCode',
  deviceCode: 'OAuthDeviceCode',
} as const;

/** The models the stores work with. */
export interface OAuthModels {
  Client: Model<ClientDocument>;
  Token: Model<TokenDocument>;
  AuthorizationCode: Model<AuthorizationCodeDocument>;
  DeviceCode: Model<DeviceCodeDocument>;
}

/**
 * Registers the oauthkit models on your own connection, or returns the ones already
 * registered under {@link OAUTH_MODEL_NAMES} (so this and `createMongooseStores` can both be
 * called). Indexes (unique digests, TTL) are built by Mongoose's `autoIndex`; if you turn it
 * off, run `await Promise.all(Object.values(models).map((m) => m.createIndexes()))` at deploy.
 *
 * @example
 * const connection = await mongoose.createConnection(process.env.MONGODB_URL).asPromise();
 * const { Token } = registerOAuthModels(connection);
 * await Token.init(); // wait for the indexes
 */
export function registerOAuthModels(connection: Connection): OAuthModels {
  if (
    connection === null ||
    typeof connection !== 'object' ||
    typeof connection.model !== 'function'
  ) {
    throw new TypeError('registerOAuthModels expects a Mongoose Connection');
  }
  return {
    Client: register<ClientDocument>(connection, OAUTH_MODEL_NAMES.client, clientSchema),
    Token: register<TokenDocument>(connection, OAUTH_MODEL_NAMES.token, tokenSchema),
    AuthorizationCode: register<AuthorizationCodeDocument>(
      connection,
      OAUTH_MODEL_NAMES.authorizationCode,
      authorizationCodeSchema,
    ),
    DeviceCode: register<DeviceCodeDocument>(
      connection,
      OAUTH_MODEL_NAMES.deviceCode,
      deviceCodeSchema,
    ),
  };
}

function register<T>(connection: Connection, name: string, schema: Schema<any>): Model<T> {
  const existing = connection.models[name] as Model<T> | undefined;
  if (existing === undefined) return connection.model(name, schema) as unknown as Model<T>;
  const expected = schema.get('collection');
  // Another model under our name would make the stores write somewhere unexpected.
  if (existing.collection.collectionName !== expected) {
    throw new TypeError(
      `model ${name} is already registered on this connection for collection ` +
        `${existing.collection.collectionName}, not ${expected}`,
    );
  }
  return existing;
}
