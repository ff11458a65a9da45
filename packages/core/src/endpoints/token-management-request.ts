import { InvalidRequestError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import type { TokenStore } from '../stores/token-store.js';
import { type FoundToken, findToken } from './find-token.js';
import { requireForm } from './token-endpoint.js';

/** A revocation or introspection request after its common checks. */
export interface TokenManagementRequest {
  client: Client;
  /** The stored token the presented value names, or `null` when it names none. */
  found: FoundToken | null;
}

/**
 * The part revocation (RFC 7009 2.1) and introspection (RFC 7662 2.1) share: a POST form,
 * an authenticated client, a `token` parameter, and a lookup that takes `token_type_hint`
 * as a hint only.
 */
export async function readTokenManagementRequest(
  request: OAuth2Request,
  server: GrantContextServices,
  endpoint: 'revocation' | 'introspection',
  tokens: TokenStore = server.services.tokens(),
): Promise<TokenManagementRequest> {
  const form = requireForm(request);
  const { client } = await server.authenticateClient(request, endpoint);
  const value = form.get('token');
  if (value === undefined) {
    throw new InvalidRequestError({ description: 'missing_parameter', params: { name: 'token' } });
  }
  const found = await callStore(() => findToken(tokens, value, form.get('token_type_hint')));
  return { client, found };
}
