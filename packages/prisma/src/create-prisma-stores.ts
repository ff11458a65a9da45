import type { DeviceCodeStore, PushedRequestStore, Stores } from '@oauthkit/core';
import { createPrismaAuthorizationCodeStore } from './authorization-code-store.js';
import { createPrismaClientStore } from './client-store.js';
import { createPrismaDeviceCodeStore } from './device-code-store.js';
import type { PrismaClientLike } from './prisma-client-like.js';
import {
  createPrismaPushedRequestStore,
  type OauthPushedRequestDelegate,
} from './pushed-request-store.js';
import { createPrismaTokenStore, type PrismaTokenStoreOptions } from './token-store.js';

/** Options of {@link createPrismaStores}. */
export interface PrismaStoresOptions extends PrismaTokenStoreOptions {}

/**
 * What {@link createPrismaStores} returns: every store, the device code store included, and
 * the pushed request store when the client has the `OauthPushedRequest` model.
 */
export type PrismaStores = Stores & {
  deviceCodes: DeviceCodeStore;
  pushedRequests?: PushedRequestStore;
};

/**
 * Every store the authorization server needs (`deviceCodes` for RFC 8628), over a Prisma client generated from
 * oauthkit's models (see `prisma/schema.prisma`), on PostgreSQL, MySQL/MariaDB or SQLite.
 *
 * @example
 * const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
 * const server = createAuthorizationServer({ ...createPrismaStores(prisma), config });
 */
export function createPrismaStores(
  prisma: PrismaClientLike & { oauthPushedRequest?: OauthPushedRequestDelegate },
  options: PrismaStoresOptions = {},
): PrismaStores {
  if (
    prisma === null ||
    typeof prisma !== 'object' ||
    !prisma.oauthClient ||
    !prisma.oauthToken ||
    !prisma.oauthAuthorizationCode ||
    !prisma.oauthDeviceCode
  ) {
    throw new TypeError(
      'createPrismaStores needs a Prisma client generated from the OauthClient, OauthToken, ' +
        'OauthAuthorizationCode and OauthDeviceCode models',
    );
  }
  return {
    clients: createPrismaClientStore(prisma),
    tokens: createPrismaTokenStore(prisma, options),
    codes: createPrismaAuthorizationCodeStore(prisma, options),
    deviceCodes: createPrismaDeviceCodeStore(prisma, options),
    // RFC 9126, from migration 20261219000000_pushed_authorization_requests on.
    ...(prisma.oauthPushedRequest
      ? {
          pushedRequests: createPrismaPushedRequestStore(
            { oauthPushedRequest: prisma.oauthPushedRequest },
            options,
          ),
        }
      : {}),
  };
}
