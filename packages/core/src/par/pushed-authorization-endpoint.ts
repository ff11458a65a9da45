import { digestToken } from '../crypto/digest.js';
import { validateAuthorizationRequest } from '../endpoints/authorization-endpoint.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import { requireForm } from '../endpoints/token-endpoint.js';
import { InvalidRequestError } from '../errors/errors.js';
import { asOAuth2Error } from '../errors/render-error.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { Params } from '../request/params.js';
import { jsonResponse } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import { MAX_PUSHED_REQUEST_PARAMETERS_BYTES } from '../stores/store-limits.js';
import { generateRequestUri } from './request-uri.js';

/** Where the PAR endpoint is served below the issuer unless `config.endpoints` moves it. */
export const PUSHED_AUTHORIZATION_REQUEST_PATH = '/par';

/** Client authentication parameters: never part of the pushed authorization request. */
const CLIENT_AUTH_PARAMETERS = new Set([
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

/**
 * Errors about the end user's session (OpenID Connect `prompt=none` with nobody signed
 * in): the PAR endpoint has no session to ask about; the authorization endpoint decides.
 */
const SESSION_ERRORS = new Set([
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
]);

/**
 * The pushed authorization request endpoint (RFC 9126 2): a client, authenticated with any
 * method the endpoint accepts, posts the parameters of an authorization request; they are
 * validated exactly as the authorization endpoint validates them, and stored under the
 * digest of a new `request_uri` (`urn:ietf:params:oauth:request_uri:` + 256 random bits)
 * that lives `config.pushedAuthorizationRequests.expiresIn` seconds. Every error is
 * answered here as JSON (400, or 401 `invalid_client`), never redirected (RFC 9126 2.3,
 * SECURITY.md rule 42). `config.pushedAuthorizationRequests` registers it; register it
 * yourself only to replace it.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...createMemoryStores(),
 *   config: { issuer: 'https://auth.example.com', pushedAuthorizationRequests: {} },
 * });
 * server.endpoints.has('pushed_authorization_request'); // true, served at /par
 */
export function createPushedAuthorizationEndpoint(): Endpoint {
  return {
    name: 'pushed_authorization_request',
    path: PUSHED_AUTHORIZATION_REQUEST_PATH,
    methods: ['POST'],
    cors: true,
    metadataKey: 'pushed_authorization_request_endpoint',
    clientAuth: {},
    requiredStores: ['pushedRequests'],
    metadata: (server) => ({
      require_pushed_authorization_requests:
        server.config.pushedAuthorizationRequests?.required === true,
    }),
    async handle(request, server) {
      const form = requireForm(request);
      const { client } = await server.authenticateClient(request, 'pushed_authorization_request');
      // RFC 9126 2.1: "The request_uri authorization request parameter ... MUST NOT be provided".
      if (form.duplicates.has('client_id')) {
        throw new InvalidRequestError({
          description: 'duplicate_parameter',
          params: { name: 'client_id' },
        });
      }
      if (form.has('request_uri')) {
        throw new InvalidRequestError({ description: 'request_uri_not_allowed' });
      }
      const pushed = pushedParameters(form, client.clientId);
      const parameters = pushed.toString();
      if (Buffer.byteLength(parameters) > MAX_PUSHED_REQUEST_PARAMETERS_BYTES) {
        throw new InvalidRequestError({ description: 'body_too_large' });
      }
      await validatePushed(request, pushed, server);
      const settings = server.config.pushedAuthorizationRequests!;
      const now = server.services.now();
      const requestUri = generateRequestUri();
      await callStore(() =>
        server.services.store('pushedRequests').savePushedRequest({
          requestUriDigest: digestToken(requestUri),
          clientId: client.clientId,
          parameters,
          issuedAt: now,
          expiresAt: new Date(now.getTime() + settings.expiresIn * 1000),
        }),
      );
      // RFC 9126 2.2: 201 Created.
      return jsonResponse(201, { request_uri: requestUri, expires_in: settings.expiresIn });
    },
  };
}

/**
 * The authorization request in the body: every parameter but client authentication's, with
 * the authenticated client's `client_id` (a Basic-authenticated client may leave it out;
 * one that differs was refused by the authentication).
 */
function pushedParameters(form: Params, clientId: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name] of form.entries()) {
    if (CLIENT_AUTH_PARAMETERS.has(name) || name === 'client_id') continue;
    for (const value of form.getAll(name)) out.append(name, value);
  }
  out.set('client_id', clientId);
  return out;
}

/** Runs the authorization endpoint's validation over the pushed parameters; errors are never redirected. */
async function validatePushed(
  request: OAuth2Request,
  parameters: URLSearchParams,
  server: GrantContextServices,
): Promise<void> {
  // Repeated names are kept, so the validation refuses them as it would.
  const params = Params.from(parameters);
  const asAuthorization: OAuth2Request = {
    ...request,
    method: 'GET',
    query: params,
    form: null,
    bodyProblem: null,
  };
  try {
    await validateAuthorizationRequest(asAuthorization, server, null, {}, { pushing: true });
  } catch (e) {
    const error = asOAuth2Error(e);
    if (SESSION_ERRORS.has(error.error)) return;
    // The JSON answer ignores it anyway; dropped so no hook ever sees a redirect target.
    error.redirect = undefined;
    throw error;
  }
}
