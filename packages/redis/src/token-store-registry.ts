import type { TokenStore } from '@oauthkit/core';
import type { RedisClient } from './redis-client.js';

/** Where each token store of this package writes: its client and its key prefix. */
const targets = new WeakMap<TokenStore, { redis: RedisClient; prefix: string }>();

export function registerTokenStore(store: TokenStore, redis: RedisClient, prefix: string): void {
  targets.set(store, { redis, prefix });
}

/**
 * Whether `store` is a token store of this package writing through `redis` under `prefix`:
 * then a code store on the same client and prefix may save its tokens itself (`redeemCode`),
 * the very keys and values that store's `saveToken` writes.
 */
export function isTokenStoreOf(store: TokenStore, redis: RedisClient, prefix: string): boolean {
  const target = targets.get(store);
  return target !== undefined && target.redis === redis && target.prefix === prefix;
}
