import { digestsEqual } from '../crypto/constant-time-equal.js';
import { digestSecret, digestToken } from '../crypto/digest.js';
import { generateId, generateToken } from '../crypto/generate-token.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import { AccessDeniedError, InvalidRequestError, MethodNotAllowedError } from '../errors/errors.js';
import type { ClientMetadata } from '../models/client-metadata.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { jsonResponse, NO_STORE, type OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import type { ClientRecord } from '../stores/client-store.js';
import type { InitialAccessToken } from './initial-access-token.js';
import { InvalidClientMetadataError } from './registration-errors.js';
import {
  type ClientRegistrationOptions,
  checkRegistrationOptions,
  type RegistrationPolicyContext,
} from './registration-options.js';
import { bearerDigest, invalidToken, readJsonBody } from './registration-request.js';
import {
  clientConfigurationUri,
  clientInformation,
  type IssuedCredentials,
} from './registration-response.js';
import { registrationRules, usesClientSecret } from './registration-rules.js';
import { applySoftwareStatement } from './software-statement.js';
import { validateClientMetadata } from './validate-client-metadata.js';

const METHODS = ['POST', 'GET', 'PUT', 'DELETE'];
// Single-use initial access tokens are spent in the replay store under this namespace.
const IAT_NAMESPACE = 'initial_access_token';

/**
 * The client registration endpoint (RFC 7591) and, at each client's
 * `registration_client_uri` (`<endpoint>?client_id=...`), its client configuration endpoint
 * (RFC 7592): `POST` registers; `GET`, `PUT` and `DELETE` with the registration access token
 * read, replace and delete the client. Client secrets and registration access tokens are 256
 * random bits, shown once and stored as digests; deleting a client revokes its tokens
 * (SECURITY.md 41). Registered by the server when given the `registration` option; the path
 * (`/register`) moves with `config.endpoints.registration`.
 *
 * @example
 * server.registerEndpoint(createClientRegistrationEndpoint({ access: 'open' }));
 */
export function createClientRegistrationEndpoint(options: ClientRegistrationOptions): Endpoint {
  checkRegistrationOptions(options);
  return {
    name: 'registration',
    path: '/register',
    methods: METHODS,
    metadataKey: 'registration_endpoint',
    requiredStores: ['clients', 'tokens'],
    async handle(request, server) {
      const clientId = request.query.get('client_id');
      if (clientId === undefined) {
        if (request.method !== 'POST') throw new MethodNotAllowedError(['POST']);
        return register(request, server, options);
      }
      if (request.query.duplicates.has('client_id')) {
        throw new InvalidRequestError({
          description: 'duplicate_parameter',
          params: { name: 'client_id' },
        });
      }
      if (request.method === 'GET') {
        const record = await authorizedClient(request, server, clientId);
        return jsonResponse(200, clientInformation(record, configurationUri(server, clientId), {}));
      }
      if (request.method === 'PUT') return update(request, server, options, clientId);
      if (request.method === 'DELETE') return remove(request, server, clientId);
      throw new MethodNotAllowedError(['GET', 'PUT', 'DELETE']);
    },
  };
}

async function register(
  request: OAuth2Request,
  server: GrantContextServices,
  options: ClientRegistrationOptions,
): Promise<OAuth2Response> {
  const initialAccessToken =
    options.access === 'initial_access_token'
      ? await findInitialAccessToken(request, server, options)
      : null;
  const body = readJsonBody(request);
  const { metadata, claims } = await validated(body, server, options);
  const stored = await applyPolicy(options, {
    action: 'register',
    metadata,
    request,
    clientId: null,
    initialAccessToken,
    softwareStatement: claims,
  });
  // Spent only once everything else passed: a request with a typo does not burn the token.
  if (initialAccessToken?.singleUse)
    await spendInitialAccessToken(initialAccessToken, server, options);

  const now = server.services.now();
  const clientSecret = usesClientSecret(stored.tokenEndpointAuthMethod)
    ? generateToken()
    : undefined;
  const registrationAccessToken = generateToken();
  const record: ClientRecord = {
    clientId: generateId(),
    clientSecretDigest: clientSecret === undefined ? null : digestSecret(clientSecret),
    clientIdIssuedAt: now,
    clientSecretExpiresAt: secretExpiry(options, now, clientSecret),
    metadata: stored,
    registrationAccessTokenDigest: digestToken(registrationAccessToken),
  };
  await callStore(() => server.stores.clients!.saveClient(record));
  server.events.emit('clientRegistration', {
    action: 'registered',
    clientId: record.clientId,
    metadata: stored,
    request,
  });
  const issued: IssuedCredentials = { registrationAccessToken };
  if (clientSecret !== undefined) issued.clientSecret = clientSecret;
  return jsonResponse(
    201,
    clientInformation(record, configurationUri(server, record.clientId), issued),
  );
}

/** RFC 7592 2.2: the request's metadata replaces the stored one; omitted fields go. */
async function update(
  request: OAuth2Request,
  server: GrantContextServices,
  options: ClientRegistrationOptions,
  clientId: string,
): Promise<OAuth2Response> {
  const current = await authorizedClient(request, server, clientId);
  const body = readJsonBody(request);
  if (body.client_id !== clientId) {
    throw new InvalidClientMetadataError({ description: "client_id must be the client's own" });
  }
  const presentedSecret = body.client_secret;
  if (presentedSecret !== undefined) {
    const digest = typeof presentedSecret === 'string' ? digestSecret(presentedSecret) : '';
    if (current.clientSecretDigest === null || !digestsEqual(digest, current.clientSecretDigest)) {
      throw new InvalidClientMetadataError({ description: 'client_secret is not the current one' });
    }
  }
  // RFC 7592 2.2: these are the server's, never the client's to set.
  const {
    client_id: _id,
    client_secret: _secret,
    registration_access_token: _rat,
    registration_client_uri: _uri,
    client_id_issued_at: _issued,
    client_secret_expires_at: _expires,
    ...fields
  } = body;
  const { metadata, claims } = await validated(fields, server, options);
  const stored = await applyPolicy(options, {
    action: 'update',
    metadata,
    request,
    clientId,
    initialAccessToken: null,
    softwareStatement: claims,
  });

  const now = server.services.now();
  const issued: IssuedCredentials = {};
  let secretDigest = current.clientSecretDigest;
  let secretExpiresAt = current.clientSecretExpiresAt;
  if (!usesClientSecret(stored.tokenEndpointAuthMethod)) {
    secretDigest = null;
    secretExpiresAt = null;
  } else if (secretDigest === null || options.rotateOnUpdate?.clientSecret) {
    issued.clientSecret = generateToken();
    secretDigest = digestSecret(issued.clientSecret);
    secretExpiresAt = secretExpiry(options, now, issued.clientSecret);
  }
  let ratDigest = current.registrationAccessTokenDigest ?? null;
  if (options.rotateOnUpdate?.registrationAccessToken ?? true) {
    issued.registrationAccessToken = generateToken();
    ratDigest = digestToken(issued.registrationAccessToken);
  }
  const record: ClientRecord = {
    clientId,
    clientSecretDigest: secretDigest,
    clientIdIssuedAt: current.clientIdIssuedAt,
    clientSecretExpiresAt: secretExpiresAt,
    metadata: stored,
    registrationAccessTokenDigest: ratDigest,
  };
  await callStore(() => server.stores.clients!.saveClient(record));
  server.events.emit('clientRegistration', {
    action: 'updated',
    clientId,
    metadata: stored,
    request,
  });
  return jsonResponse(200, clientInformation(record, configurationUri(server, clientId), issued));
}

/**
 * RFC 7592 2.3: the client's tokens are revoked first, then the client deleted, then its
 * tokens revoked again (a token issued while the first pass ran). A failure anywhere answers
 * 503 with the client still registered, or already gone with its tokens revoked: never a
 * deleted client whose tokens still work. Its codes and device codes die with it: redeeming
 * one needs the client.
 */
async function remove(
  request: OAuth2Request,
  server: GrantContextServices,
  clientId: string,
): Promise<OAuth2Response> {
  await authorizedClient(request, server, clientId);
  const tokens = server.services.tokens();
  const revoke = () => callStore(() => tokens.revokeClientTokens!(clientId, server.services.now()));
  await revoke();
  await callStore(() => server.stores.clients!.deleteClient(clientId));
  await revoke();
  server.events.emit('clientRegistration', {
    action: 'deleted',
    clientId,
    metadata: null,
    request,
  });
  return { status: 204, headers: { ...NO_STORE }, body: '' };
}

/** The stored client whose registration access token the request carries, or 401. */
async function authorizedClient(
  request: OAuth2Request,
  server: GrantContextServices,
  clientId: string,
): Promise<ClientRecord> {
  const realm = server.config.issuer;
  const digest = bearerDigest(request, realm);
  const record = await callStore(() => server.stores.clients!.findClient(clientId));
  const stored = record?.registrationAccessTokenDigest;
  // Unknown client and wrong token look the same (RFC 7592 2: 401 either way).
  if (!record || !stored || !digestsEqual(digest, stored)) {
    throw invalidToken(realm, 'registration access token does not match');
  }
  return record;
}

async function findInitialAccessToken(
  request: OAuth2Request,
  server: GrantContextServices,
  options: ClientRegistrationOptions,
): Promise<InitialAccessToken> {
  const realm = server.config.issuer;
  const digest = bearerDigest(request, realm);
  const source = options.initialAccessTokens!;
  const found =
    typeof source === 'function'
      ? await callStore(() => source(digest))
      : (source.find((t) => digestsEqual(t.digest, digest)) ?? null);
  const now = server.services.now();
  if (!found || (found.expiresAt !== null && found.expiresAt <= now)) {
    throw invalidToken(realm, 'unknown or expired initial access token');
  }
  if (found.singleUse && found.expiresAt === null) {
    throw invalidToken(realm, 'a single-use initial access token needs an expiry');
  }
  return found;
}

async function spendInitialAccessToken(
  token: InitialAccessToken,
  server: GrantContextServices,
  options: ClientRegistrationOptions,
): Promise<void> {
  const replay = options.replayStore!;
  const first = await callStore(() =>
    replay.useOnce(IAT_NAMESPACE, token.digest, token.expiresAt!),
  );
  if (!first) throw invalidToken(server.config.issuer, 'initial access token already used');
}

async function validated(
  body: Record<string, unknown>,
  server: GrantContextServices,
  options: ClientRegistrationOptions,
): Promise<{ metadata: ClientMetadata; claims: Record<string, unknown> | null }> {
  const applied = await applySoftwareStatement(body, options.softwareStatement);
  const metadata = validateClientMetadata(applied.body, registrationRules(server, options));
  return { metadata, claims: applied.claims };
}

async function applyPolicy(
  options: ClientRegistrationOptions,
  context: RegistrationPolicyContext,
): Promise<ClientMetadata> {
  if (!options.policy) return context.metadata;
  const answer = await options.policy(context);
  if (
    answer === false ||
    (answer === undefined && options.access === 'policy' && context.action === 'register')
  ) {
    throw new AccessDeniedError({ description: 'registration is not allowed' });
  }
  return typeof answer === 'object' && answer !== null ? answer : context.metadata;
}

function secretExpiry(
  options: ClientRegistrationOptions,
  now: Date,
  secret: string | undefined,
): Date | null {
  const seconds = options.clientSecretExpiresIn ?? 0;
  return secret === undefined || seconds === 0 ? null : new Date(now.getTime() + seconds * 1000);
}

function configurationUri(server: GrantContextServices, clientId: string): string {
  return clientConfigurationUri(server.endpointUrl('registration')!, clientId);
}
