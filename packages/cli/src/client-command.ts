import {
  type ClientRecord,
  type ClientStore,
  digestSecret,
  generateToken,
  redirectUriProblem,
  withMetadataDefaults,
} from '@oauthkit/core';

/** What `oauthkit client create` registers. */
export interface CreateClientInput {
  clientId?: string | undefined;
  clientName?: string | undefined;
  redirectUris: string[];
  /** Where the end-session endpoint may send the browser after logout (OpenID RP-Initiated Logout). */
  postLogoutRedirectUris?: string[] | undefined;
  grantTypes: string[];
  responseTypes: string[];
  scope: string;
  /** `none` makes a public client (no secret). */
  authMethod: string;
}

const METHODS = new Set(['client_secret_basic', 'client_secret_post', 'none']);

/**
 * Registers a client and returns its id and secret. The secret is generated here and shown
 * once: the store receives only its digest.
 */
export async function createClientCommand(
  clients: ClientStore,
  input: CreateClientInput,
): Promise<{ clientId: string; clientSecret: string | null; record: ClientRecord }> {
  if (!METHODS.has(input.authMethod)) {
    throw new TypeError(`--auth-method must be one of ${[...METHODS].join(', ')}`);
  }
  for (const uri of input.redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new TypeError(`--redirect-uri ${uri}: ${problem}`);
  }
  // The same registration rules as redirect URIs (SECURITY.md rules 3 and 33).
  for (const uri of input.postLogoutRedirectUris ?? []) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new TypeError(`--post-logout-redirect-uri ${uri}: ${problem}`);
  }
  const needsRedirect =
    input.grantTypes.includes('authorization_code') || input.responseTypes.includes('token');
  if (needsRedirect && input.redirectUris.length === 0) {
    throw new TypeError('authorization_code and implicit clients need at least one --redirect-uri');
  }
  const clientId = input.clientId ?? `client_${generateToken().slice(0, 22)}`;
  if (await clients.findClient(clientId)) throw new TypeError(`client ${clientId} already exists`);
  const clientSecret = input.authMethod === 'none' ? null : generateToken();
  const record: ClientRecord = {
    clientId,
    clientSecretDigest: clientSecret === null ? null : digestSecret(clientSecret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: withMetadataDefaults({
      redirectUris: input.redirectUris,
      grantTypes: input.grantTypes,
      responseTypes: input.responseTypes,
      scope: input.scope,
      tokenEndpointAuthMethod: input.authMethod,
      ...(input.clientName ? { clientName: input.clientName } : {}),
      ...(input.postLogoutRedirectUris?.length
        ? { postLogoutRedirectUris: input.postLogoutRedirectUris }
        : {}),
    }),
  };
  await clients.saveClient(record);
  return { clientId, clientSecret, record };
}
