import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { JwksFetcher } from '../jwks-fetch/create-jwks-fetcher.js';
import { publicKeySet } from '../jwks-fetch/create-jwks-fetcher.js';
import type { Client } from '../models/client.js';

/**
 * Where a client's assertion keys come from: its registered `jwks` (RFC 7591 2), or its
 * `jwks_uri` through `fetcher`. `keys()` gives a `jose` key resolver; `refreshed()` gives
 * one over a freshly fetched set after an unknown `kid` (the client rotated its keys), or
 * `null` when nothing new can be had (registered `jwks`, or the refresh cooldown).
 * `null` from {@link clientKeySet}: the client registered no keys, or both kinds (RFC 7591
 * 2 forbids that).
 */
export interface ClientKeySet {
  keys(): Promise<JWTVerifyGetKey>;
  refreshed(): Promise<JWTVerifyGetKey | null>;
}

/** The {@link ClientKeySet} of `client`; `null` when it has no usable registration. */
export function clientKeySet(client: Client, fetcher: JwksFetcher): ClientKeySet | null {
  const { jwks, jwksUri } = client.metadata;
  if (jwks !== undefined && jwksUri !== undefined) return null;
  if (jwks !== undefined) {
    return {
      keys: async () => createLocalJWKSet(publicKeySet(jwks)),
      refreshed: async () => null,
    };
  }
  if (typeof jwksUri !== 'string') return null;
  let current: unknown = null;
  return {
    async keys() {
      const set = await fetcher.get(jwksUri);
      current = set;
      return createLocalJWKSet(set);
    },
    async refreshed() {
      const set = await fetcher.refresh(jwksUri);
      return set === current ? null : createLocalJWKSet(set);
    },
  };
}
