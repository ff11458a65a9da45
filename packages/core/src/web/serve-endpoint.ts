import { InvalidRequestError, MethodNotAllowedError } from '../errors/errors.js';
import type { AuthorizationRequest } from '../grants/authorization-grant.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { Params } from '../request/params.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import type { BoundAuthorizationHooks } from './authorization-hooks.js';
import type { EndpointName } from './endpoint-router.js';

/** What answered a request: the core (a response for the binding to write) or an app hook. */
export type EndpointOutcome<R> =
  | { kind: 'oauth'; response: OAuth2Response }
  | { kind: 'app'; result: R };

/**
 * Serves one request that a binding already parsed into an {@link OAuth2Request}: the
 * token-style endpoints and the metadata go straight to the core; the authorization
 * endpoint runs Authlib's sequence with the app's hooks (GET: validate, then login or the
 * consent page; POST: login or the decision, then the core's redirect). Every protocol
 * decision stays in the core; this only orders the calls.
 *
 * @example
 * const outcome = await serveEndpoint(server, 'token', oauth2Request);
 * if (outcome.kind === 'oauth') write(outcome.response);
 */
export async function serveEndpoint<R>(
  server: AuthorizationServer,
  name: EndpointName,
  request: OAuth2Request,
  hooks?: BoundAuthorizationHooks<R> | null,
): Promise<EndpointOutcome<R>> {
  if (name !== 'authorization') {
    return { kind: 'oauth', response: await server.createEndpointResponseRaw(name, request) };
  }
  if (!hooks) throw new TypeError('serveEndpoint: the authorization endpoint needs the app hooks');
  return serveAuthorization(server, request, hooks);
}

async function serveAuthorization<R>(
  server: AuthorizationServer,
  request: OAuth2Request,
  hooks: BoundAuthorizationHooks<R>,
): Promise<EndpointOutcome<R>> {
  const oauth = (response: OAuth2Response) => ({ kind: 'oauth' as const, response });
  const app = (result: R) => ({ kind: 'app' as const, result });
  if (request.method !== 'GET' && request.method !== 'POST') {
    return oauth(server.errorResponse(new MethodNotAllowedError(['GET', 'POST']), request));
  }
  if (request.bodyProblem === 'too_large') {
    // The decision is in the body we refused to read: never guess it.
    const error = new InvalidRequestError({ description: 'body_too_large' }, 413);
    return oauth(server.createAuthorizationErrorResponseRaw(error, request));
  }
  const user = await hooks.getUser();
  const interaction = user ? await hooks.getInteraction?.() : undefined;
  if (request.method === 'GET') {
    let authorization: AuthorizationRequest;
    try {
      // Validate before asking anyone to log in: a bad request never reaches the login page.
      authorization = await server.validateConsentRequest(request, user, interaction);
    } catch (e) {
      return oauth(server.createAuthorizationErrorResponseRaw(e, request));
    }
    if (!user) return app(await hooks.login());
    // prompt=login, or a max_age the session is older than: sign in again first. Only for an
    // app that tells what its sign-in was (getInteraction): any other would loop through its
    // login page, so it gets the consent page and, on approval, login_required.
    if (interaction && authorization.openid?.decision.action === 'login') {
      return app(await hooks.login());
    }
    return app(await hooks.renderConsent(authorization, user));
  }
  if (!user) return app(await hooks.login());
  const allowed = (await hooks.getConsent(request.form ?? new Params())) === true;
  return oauth(
    await server.createAuthorizationResponseRaw(request, allowed ? user : null, interaction),
  );
}
