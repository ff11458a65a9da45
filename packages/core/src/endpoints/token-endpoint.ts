import { authenticateClient } from '../client-auth/authenticate-client.js';
import {
  InvalidRequestError,
  MethodNotAllowedError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
} from '../errors/errors.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import { jsonResponse, type OAuth2Response } from '../response/oauth2-response.js';
import { tokenResponseBody } from '../tokens/issued-token.js';

/**
 * The token endpoint (RFC 6749 3.2): POST with a form body only, every parameter at most
 * once, one client authentication method, then the registered grant for `grant_type`.
 * Every answer, success or error, is `no-store` (RFC 6749 5.1, 5.2).
 */
export async function tokenEndpoint(
  request: OAuth2Request,
  server: GrantContextServices,
): Promise<OAuth2Response> {
  const form = requireForm(request);
  const grantType = form.get('grant_type');
  if (grantType === undefined) {
    throw new InvalidRequestError({
      description: 'missing_parameter',
      params: { name: 'grant_type' },
    });
  }
  const registered = server.grants.get(grantType);
  if (!registered) throw new UnsupportedGrantTypeError();
  const { client, method } = await authenticateClient(
    request,
    server.clientAuthMethods,
    server.queryClient,
    'token',
    server.config.realm,
  );
  server.events.emit('clientAuthenticated', { client, method, request });
  if (!client.checkGrantType(grantType)) throw new UnauthorizedClientError();
  const context = { request, params: form, client, services: server.services };
  for (const extension of registered.extensions) await extension.validateTokenRequest?.(context);
  const { token, user } = await registered.grant.createTokenResponse(context);
  server.events.emit('tokenIssued', { token, client, user, grantType });
  return jsonResponse(200, tokenResponseBody(token));
}

/**
 * The form of a POST-only, form-only endpoint, with repeated parameters refused
 * (RFC 6749 3.2: "Parameters sent ... MUST NOT be included more than once").
 */
export function requireForm(request: OAuth2Request): Params {
  if (request.method !== 'POST') throw new MethodNotAllowedError(['POST']);
  if (request.bodyProblem === 'too_large') {
    throw new InvalidRequestError({ description: 'body_too_large' }, 413);
  }
  if (request.bodyProblem !== null || request.form === null) {
    throw new InvalidRequestError({ description: 'unsupported_content_type' });
  }
  const duplicate = request.form.firstDuplicate();
  if (duplicate !== undefined) {
    throw new InvalidRequestError({
      description: 'duplicate_parameter',
      params: { name: duplicate.slice(0, 64) },
    });
  }
  return request.form;
}
