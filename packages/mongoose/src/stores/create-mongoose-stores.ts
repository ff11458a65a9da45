import type { DeviceCodeStore, PushedRequestStore, Stores } from '@oauthkit/core';
import type { Connection } from 'mongoose';
import { registerOAuthModels } from '../models/register-oauth-models.js';
import { createMongooseAuthorizationCodeStore } from './mongoose-authorization-code-store.js';
import { createMongooseClientStore } from './mongoose-client-store.js';
import { createMongooseDeviceCodeStore } from './mongoose-device-code-store.js';
import {
  pushedRequestStoreOver,
  registerPushedRequestModel,
} from './mongoose-pushed-request-store.js';
import { createMongooseTokenStore } from './mongoose-token-store.js';
import { createIndexGate, serveWhenReady } from './serve-when-ready.js';
import { createTransactionSupport } from './transaction-support.js';

/** How long a store call waits for MongoDB before it fails closed, unless told otherwise. */
export const DEFAULT_MONGOOSE_OPERATION_TIMEOUT_MS = 5000;

/** Options of {@link createMongooseStores}. */
export interface MongooseStoresOptions {
  /**
   * Whether `rotateRefreshToken` runs in a multi-document transaction. Default: ask the
   * deployment once (`hello`): yes on a replica set or sharded cluster, no on a standalone
   * server, where a conditional update with a compensating delete is used instead.
   */
  transactions?: boolean;
  /**
   * Milliseconds a store call (index wait included) may take before it rejects (default
   * 5000). Without it an outage holds each request for the driver's server selection
   * timeout (30 s by default) before the server answers 503.
   */
  operationTimeoutMs?: number;
}

/**
 * What {@link createMongooseStores} returns: every store, the device code and pushed request
 * stores included.
 */
export type MongooseStores = Stores & {
  deviceCodes: DeviceCodeStore;
  pushedRequests: PushedRequestStore;
};

/**
 * The oauthkit {@link Stores} over MongoDB, on your own Mongoose connection. The models are
 * registered on it (see `registerOAuthModels`) in the collections `oauth_clients`,
 * `oauth_tokens`, `oauth_authorization_codes`, `oauth_device_codes` (RFC 8628) and
 * `oauth_pushed_requests` (RFC 9126).
 *
 * @example
 * const connection = await mongoose.createConnection(process.env.MONGODB_URL).asPromise();
 * const server = createAuthorizationServer({ ...createMongooseStores(connection), config });
 */
export function createMongooseStores(
  connection: Connection,
  options: MongooseStoresOptions = {},
): MongooseStores {
  if (options.transactions !== undefined && typeof options.transactions !== 'boolean') {
    throw new TypeError('options.transactions must be a boolean when set');
  }
  const timeoutMs = options.operationTimeoutMs ?? DEFAULT_MONGOOSE_OPERATION_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new TypeError('options.operationTimeoutMs must be a positive integer when set');
  }
  const models = registerOAuthModels(connection);
  // No call runs before the unique and TTL indexes exist; an index build that fails is
  // every call's failure (503), not a silent unique-less collection.
  const PushedRequest = registerPushedRequestModel(connection);
  const gate = createIndexGate([...Object.values(models), PushedRequest] as never[]);
  return {
    clients: serveWhenReady(createMongooseClientStore(models.Client), gate, timeoutMs),
    tokens: serveWhenReady(
      createMongooseTokenStore(
        connection,
        models.Token,
        createTransactionSupport(connection, options.transactions),
      ),
      gate,
      timeoutMs,
    ),
    codes: serveWhenReady(
      createMongooseAuthorizationCodeStore(models.AuthorizationCode),
      gate,
      timeoutMs,
    ),
    deviceCodes: serveWhenReady(createMongooseDeviceCodeStore(models.DeviceCode), gate, timeoutMs),
    pushedRequests: serveWhenReady(pushedRequestStoreOver(PushedRequest), gate, timeoutMs),
  };
}
