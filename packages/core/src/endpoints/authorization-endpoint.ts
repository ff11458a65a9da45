import {
  AccessDeniedError,
  InvalidRequestError,
  UnauthorizedClientError,
  UnsupportedResponseTypeError,
} from '../errors/errors.js';
import { asOAuth2Error, errorFields } from '../errors/render-error.js';
import type { AuthorizationInteraction } from '../grants/authorization-extension.js';
import type { AuthorizationGrant, AuthorizationRequest } from '../grants/authorization-grant.js';
import { validateRequestedScope } from '../grants/validate-scope.js';
import { redirectUriProblem } from '../models/redirect-uri.js';
import type { User } from '../models/user.js';
import { type PushedRequestUse, resolvePushedRequest } from '../par/request-uri.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import { authorizeResources } from '../resources/authorize-resources.js';
import {
  jsonResponse,
  type OAuth2Response,
  redirectResponse,
} from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import { callStore } from '../stores/call-store.js';
import { buildAuthorizationRedirect } from './authorization-redirect.js';

const invalidRequest = (name: string, description = 'invalid_request') =>
  new InvalidRequestError({ description, params: { name } });

/**
 * The parameters of an authorization request: the query, or for a POST without them in the
 * query, the form (RFC 6749 3.1 allows both methods).
 */
export function authorizationParams(request: OAuth2Request): Params {
  const q = request.query;
  if (request.method === 'POST' && request.form && !q.has('client_id') && !q.has('response_type')) {
    return request.form;
  }
  return q;
}

/** How {@link validateAuthorizationRequest} treats pushed authorization requests (RFC 9126). */
export interface AuthorizationValidationOptions {
  /**
   * The parameters are being pushed (the PAR endpoint validates them): no `request_uri` is
   * resolved and no requirement to push applies.
   */
  pushing?: boolean;
  /** A `request_uri` is looked at (`find`, the default) or used up (`consume`). */
  use?: PushedRequestUse;
}

/**
 * Validates an authorization request (RFC 6749 4.1.1, 4.2.1). Until the client and the
 * redirect URI are known good, errors are shown as a page (no `redirect`); after that they
 * carry `redirect` and go back to the client (4.1.2.1). A request with `request_uri` stands
 * for the pushed request it names (RFC 9126 4): see `resolvePushedRequest`.
 */
export async function validateAuthorizationRequest(
  request: OAuth2Request,
  server: GrantContextServices,
  user: User | null,
  interaction: AuthorizationInteraction = {},
  options: AuthorizationValidationOptions = {},
): Promise<{ authorization: AuthorizationRequest; grant: AuthorizationGrant }> {
  const outer = authorizationParams(request);
  const { params, pushed } = options.pushing
    ? { params: outer, pushed: false }
    : await resolvePushedRequest(outer, server, options.use ?? 'find');
  if (params.duplicates.has('client_id')) throw invalidRequest('client_id', 'duplicate_parameter');
  if (params.duplicates.has('redirect_uri'))
    throw invalidRequest('redirect_uri', 'duplicate_parameter');
  const clientId = params.get('client_id');
  if (clientId === undefined) throw invalidRequest('client_id', 'invalid_client_id');
  const client = await callStore(() => server.queryClient(clientId));
  if (!client) throw invalidRequest('client_id', 'invalid_client_id');
  const requested = params.get('redirect_uri');
  // FAPI 2.0 5.3.2.2: the redirect_uri is always sent (pushed), even with one registered.
  if (requested === undefined && server.config.profile === 'fapi2') {
    throw invalidRequest('redirect_uri', 'missing_parameter');
  }
  const redirectUri = requested ?? client.getDefaultRedirectUri();
  if (
    redirectUri === null ||
    (requested !== undefined && !client.checkRedirectUri(requested)) ||
    // Stores do not validate what they are given: never redirect to a URI that could not
    // have been registered (script schemes, fragments, userinfo, plain http).
    redirectUriProblem(redirectUri) !== null
  ) {
    throw invalidRequest('redirect_uri', 'invalid_redirect_uri');
  }
  const responseType = params.get('response_type');
  const grant = responseType === undefined ? undefined : server.responseTypes.get(responseType);
  const authorization: AuthorizationRequest = {
    client,
    responseType: responseType ?? '',
    redirectUri,
    requestedRedirectUri: requested ?? null,
    // Errors of an unknown response type go in the query, where no token can be.
    responseMode: grant?.responseMode ?? 'query',
    scope: '',
    state: params.get('state'),
    codeChallenge: null,
    codeChallengeMethod: null,
    nonce: params.get('nonce') ?? null,
    user,
    params,
    extensions: {},
    interaction,
  };
  try {
    const duplicate = params.firstDisallowedDuplicate(
      new Set([
        ...(grant?.repeatableParameters ?? []),
        ...server.authorizationExtensions.flatMap((e) => e.repeatableParameters ?? []),
      ]),
    );
    if (duplicate !== undefined)
      throw invalidRequest(duplicate.slice(0, 64), 'duplicate_parameter');
    // RFC 9126 5: the server, or the client's registration, may accept pushed requests only.
    if (
      !pushed &&
      !options.pushing &&
      (server.config.pushedAuthorizationRequests?.required === true ||
        client.metadata.requirePushedAuthorizationRequests === true)
    ) {
      throw new InvalidRequestError({ description: 'pushed_request_required' });
    }
    if (responseType === undefined) throw invalidRequest('response_type', 'missing_parameter');
    if (!grant) throw new UnsupportedResponseTypeError();
    if (!client.checkResponseType(responseType)) throw new UnauthorizedClientError();
    // A response type is one side of a grant: the client must hold that grant too.
    if (grant.grantType !== undefined && !client.checkGrantType(grant.grantType)) {
      throw new UnauthorizedClientError();
    }
    authorization.scope = validateRequestedScope(params.get('scope'), client, server.config);
    authorizeResources(authorization, server.config);
    const context = { request, authorization, services: server.services };
    grant.validateAuthorizationRequest?.(context);
    for (const extension of server.authorizationExtensions) {
      await extension.validateAuthorizationRequest?.(context);
    }
  } catch (e) {
    const error = asOAuth2Error(e);
    error.redirect = {
      redirectUri,
      responseMode: authorization.responseMode,
      state: authorization.state,
    };
    throw error;
  }
  return { authorization, grant };
}

/**
 * The response to the end user's decision: a code or token for `grantUser`, or
 * `access_denied` when it is `null`. Redirects always carry `state` and `iss` (RFC 9207).
 * `interaction.extensions` (when the end user signed in, how) is saved with the code; what
 * the request itself put there is kept.
 */
export async function createAuthorizationResponse(
  request: OAuth2Request,
  server: GrantContextServices,
  grantUser: User | null,
  interaction: AuthorizationInteraction = {},
): Promise<OAuth2Response> {
  // The decision uses a pushed request up (RFC 9126 7.3): one answer per request_uri.
  const { authorization, grant } = await validateAuthorizationRequest(
    request,
    server,
    grantUser,
    interaction,
    { use: 'consume' },
  );
  const { redirectUri, responseMode, state } = authorization;
  let params: Record<string, string>;
  try {
    if (!grantUser) throw new AccessDeniedError();
    authorization.extensions = { ...interaction.extensions, ...authorization.extensions };
    const context = { request, authorization, services: server.services };
    for (const extension of server.authorizationExtensions) {
      await extension.approveAuthorizationRequest?.(context, grantUser);
    }
    params = await grant.createAuthorizationResponse(context, grantUser);
  } catch (e) {
    const error = asOAuth2Error(e);
    error.redirect = { redirectUri, responseMode, state };
    throw error;
  }
  return redirectResponse(
    buildAuthorizationRedirect(
      redirectUri,
      { ...params, state, iss: server.config.issuer },
      responseMode,
    ),
  );
}

/**
 * An authorization-endpoint error as a response: a redirect to the client when the error
 * carries one (with `state` and `iss`), else a 400 page that never redirects.
 */
export function authorizationErrorResponse(
  e: unknown,
  request: OAuth2Request,
  server: Pick<GrantContextServices, 'config'>,
): OAuth2Response {
  const error = asOAuth2Error(e);
  const fields = errorFields(error, request.locales, server.config);
  if (!error.redirect) {
    return jsonResponse(error.status >= 500 ? error.status : 400, fields, error.headers);
  }
  const { redirectUri, responseMode, state } = error.redirect;
  return redirectResponse(
    buildAuthorizationRedirect(
      redirectUri,
      { ...fields, state, iss: server.config.issuer },
      responseMode,
    ),
  );
}
