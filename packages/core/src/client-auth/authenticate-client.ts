import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { InvalidClientError, InvalidRequestError } from '../errors/errors.js';
import type { Client, ClientAuthEndpoint } from '../models/client.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStore } from '../stores/call-store.js';
import type { ClientAuthMethod } from './client-auth-method.js';

/** Finds a client by id; `null` when unknown (Authlib's `query_client`). */
export type QueryClient = (clientId: string) => Promise<Client | null>;

/** The authenticated client, and how it authenticated. */
export interface AuthenticatedClient {
  client: Client;
  method: string;
}

/**
 * Authenticates the client of a token-style request. Exactly one method may be used
 * (RFC 6749 2.3); an unknown client and a wrong secret fail the same way (401
 * `invalid_client`, with the method's challenge such as `WWW-Authenticate: Basic`).
 */
export async function authenticateClient(
  request: OAuth2Request,
  methods: readonly ClientAuthMethod[],
  queryClient: QueryClient,
  endpoint: ClientAuthEndpoint,
  realm: string,
): Promise<AuthenticatedClient> {
  const used = methods.filter((m) => m.detect(request));
  if (used.length > 1) throw new InvalidRequestError({ description: 'multiple_auth_methods' });
  const method = used[0];
  if (!method) throw new InvalidClientError();
  const fail = () => new InvalidClientError({ headers: method.challenge?.(realm) ?? {} });
  const credentials = (() => {
    try {
      return method.credentials(request);
    } catch {
      throw fail();
    }
  })();
  // A client_id in the body beside other credentials must name the same client.
  const bodyId = request.form?.get('client_id');
  if (bodyId !== undefined && bodyId !== credentials.clientId) {
    throw new InvalidRequestError({ description: 'client_id_mismatch' });
  }
  if (!credentials.clientId) throw fail();
  const client = await callStore(() => queryClient(credentials.clientId));
  if (!client) {
    // Spend the time a secret check would, so an unknown id and a wrong secret look alike.
    constantTimeEqual(credentials.secret ?? '', credentials.clientId);
    throw fail();
  }
  if (
    !client.checkEndpointAuthMethod(method.name, endpoint) ||
    !method.verify(client, credentials)
  ) {
    throw fail();
  }
  return { client, method: method.name };
}
