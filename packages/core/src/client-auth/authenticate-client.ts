import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { InvalidClientError, InvalidRequestError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStoreThen } from '../stores/call-store.js';
import type { ClientAuthContext, ClientAuthMethod } from './client-auth-method.js';

/** Finds a client by id; `null` when unknown (Authlib's `query_client`). */
export type QueryClient = (clientId: string) => Promise<Client | null>;

/** The authenticated client, and how it authenticated. */
export interface AuthenticatedClient {
  client: Client;
  method: string;
}

/** What {@link authenticateClient} needs besides the request. */
export interface AuthenticateClientOptions extends Omit<ClientAuthContext, 'request'> {
  /** Every registered method: all are asked, so that two methods in one request are seen. */
  readonly methods: readonly ClientAuthMethod[];
  /** The names of the methods this endpoint accepts. */
  readonly allowed: ReadonlySet<string>;
  readonly queryClient: QueryClient;
}

/**
 * Authenticates the client of a token-style request. Exactly one credential-bearing method
 * may find credentials (RFC 6749 2.3); a fallback method (`none`) applies only when none
 * did. A method the endpoint does not accept, an unknown client and a wrong secret fail the
 * same way (401 `invalid_client`, with the method's challenge such as
 * `WWW-Authenticate: Basic`).
 */
export function authenticateClient(
  request: OAuth2Request,
  options: AuthenticateClientOptions,
): Promise<AuthenticatedClient> {
  // Not an async function: the checks before the lookup throw into a rejection here, and
  // the lookup's one `then` checks the client (no async frame held across the lookup).
  let presented: Presented;
  try {
    presented = presentedCredentials(request, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return callStoreThen(
    () => options.queryClient(presented.credentials.clientId),
    (client) => checkClient(client, presented, request, options),
  );
}

/** The method a request authenticates with and the credentials it presented. */
interface Presented {
  method: ClientAuthMethod;
  credentials: ReturnType<ClientAuthMethod['credentials']>;
}

function presentedCredentials(
  request: OAuth2Request,
  options: AuthenticateClientOptions,
): Presented {
  const picked = pickMethod(request, options.methods);
  if (!picked) throw new InvalidClientError();
  const { method } = picked;
  if (picked.malformed) throw invalidClient(method, options);
  // A method the endpoint does not accept (a server-wide choice, such as a security profile's)
  // says so: it depends on the method alone, so it tells nothing about the client.
  if (!options.allowed.has(method.name)) {
    throw new InvalidClientError({
      description: 'auth_method_not_accepted',
      headers: method.challenge?.(options.config.realm),
    });
  }
  let credentials: ReturnType<ClientAuthMethod['credentials']>;
  try {
    credentials = method.credentials(request);
  } catch {
    throw invalidClient(method, options);
  }
  // A client_id in the body beside other credentials must name the same client.
  const bodyId = request.form?.get('client_id');
  if (bodyId !== undefined && bodyId !== credentials.clientId) {
    throw new InvalidRequestError({ description: 'client_id_mismatch' });
  }
  if (!credentials.clientId) throw invalidClient(method, options);
  return { method, credentials };
}

/** The client the id named, once its credentials are verified; `invalid_client` otherwise. */
function checkClient(
  client: Client | null,
  { method, credentials }: Presented,
  request: OAuth2Request,
  options: AuthenticateClientOptions,
): AuthenticatedClient | Promise<AuthenticatedClient> {
  if (!client) {
    // Spend the time a secret check would, so an unknown id and a wrong secret look alike.
    constantTimeEqual(
      typeof credentials.secret === 'string' ? credentials.secret : '',
      credentials.clientId,
    );
    throw invalidClient(method, options);
  }
  if (!client.checkEndpointAuthMethod(method.name, options.endpoint)) {
    throw invalidClient(method, options);
  }
  const verified = method.verify(client, credentials, {
    request,
    endpoint: options.endpoint,
    endpointUrl: options.endpointUrl,
    config: options.config,
    services: options.services,
  });
  // A method that answers at once (the secret methods) is settled here; anything else is
  // awaited as `await` would, so a non-boolean answer counts by its truthiness as before.
  if (typeof verified === 'boolean') {
    if (!verified) throw invalidClient(method, options);
    return { client, method: method.name };
  }
  return Promise.resolve(verified).then((ok) => {
    if (!ok) throw invalidClient(method, options);
    return { client, method: method.name };
  });
}

/** 401 `invalid_client`, with the method's challenge (RFC 6749 5.2). */
function invalidClient(
  method: ClientAuthMethod,
  options: AuthenticateClientOptions,
): InvalidClientError {
  return new InvalidClientError({ headers: method.challenge?.(options.config.realm) });
}

/**
 * The one method a request uses: the credential-bearing method that found something, else
 * the first fallback that did; `null` when nothing was presented.
 */
function pickMethod(
  request: OAuth2Request,
  methods: readonly ClientAuthMethod[],
): { method: ClientAuthMethod; malformed: boolean } | null {
  let found: { method: ClientAuthMethod; malformed: boolean } | null = null;
  let fallback: ClientAuthMethod | null = null;
  for (const method of methods) {
    const presence = method.detect(request);
    if (presence === 'absent') continue;
    if (method.fallback) {
      fallback ??= method;
      continue;
    }
    // Every method is asked, a malformed one too: two methods in one request is the error.
    if (found) throw new InvalidRequestError({ description: 'multiple_auth_methods' });
    found = { method, malformed: presence === 'malformed' };
  }
  return found ?? (fallback ? { method: fallback, malformed: false } : null);
}
