import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import { callStore } from '../stores/call-store.js';
import type { ClaimsRequest } from './claims-parameter.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { pickClaims, requestedClaims } from './requested-claims.js';

/**
 * The End-User claims released to one target: asks the application's `findClaims` for the
 * claims of the granted scopes (UserInfo, or the ID token when configured) and of the
 * `claims` parameter, then keeps only those (a `findClaims` answering with the whole profile
 * releases no more). Nothing is asked when nothing is requested; a failing `findClaims`
 * fails closed (503).
 */
export async function findReleasedClaims(
  options: ResolvedOpenIdConnectOptions,
  input: {
    user: User;
    client: Client;
    scopes: readonly string[];
    claims: ClaimsRequest | undefined;
    target: 'id_token' | 'userinfo';
  },
): Promise<Record<string, unknown>> {
  const { user, client, scopes, claims, target } = input;
  const requested = requestedClaims({
    scopes,
    claims,
    target,
    includeScopeClaims: target === 'userinfo' || options.idTokenScopeClaims,
    claimsSupported: options.claimsSupported,
  });
  if (requested.names.length === 0) return {};
  const found = await callStore(async () =>
    options.findClaims(user, requested.names, {
      client,
      scopes,
      target,
      essential: requested.essential,
      requests: requested.requests,
    }),
  );
  return pickClaims(found, requested);
}
