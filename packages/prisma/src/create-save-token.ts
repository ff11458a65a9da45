import { type SaveToken, saveTokenFromStore } from '@oauthkit/core';
import type { PrismaClientLike } from './prisma-client-like.js';
import { createPrismaTokenStore } from './token-store.js';

/**
 * The server's `saveToken` over the `OauthToken` model (Authlib's `create_save_token_func`):
 * it stores digests of the issued tokens, never the tokens.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...createPrismaStores(prisma),
 *   saveToken: createSaveToken(prisma),
 *   config,
 * });
 */
export function createSaveToken(
  prisma: Pick<PrismaClientLike, 'oauthToken' | '$transaction'>,
): SaveToken {
  return saveTokenFromStore(createPrismaTokenStore(prisma));
}
