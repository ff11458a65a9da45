import { buildAuthorizationRedirect } from '../endpoints/authorization-redirect.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import { MethodNotAllowedError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { NO_STORE, type OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import {
  type LogoutConfirmation,
  loggedOutPage,
  logoutConfirmationPage,
} from './end-session-pages.js';
import {
  type EndSessionParameters,
  endSessionParams,
  readEndSessionRequest,
} from './read-end-session-request.js';

/**
 * What the app's `endSession` hook is told about a logout it must carry out: the checked
 * parameters of the request, the request itself and why the logout may go ahead. When `sub`
 * is not the user of your session, the `id_token_hint` belongs to someone else: end nothing,
 * or ask (return your own page).
 */
export interface EndSessionContext extends EndSessionParameters {
  /** The request as the core parsed it: read the app's session cookie from its headers. */
  request: OAuth2Request;
  /**
   * Why the logout may go ahead: a valid `id_token_hint` from the client, or the end user's
   * `confirmation` on the confirmation page (posted from this server's own origin).
   */
  vouchedBy: 'id_token_hint' | 'confirmation';
}

/** What `endSession` may return: nothing, headers for the default answer, or a whole response. */
export interface EndSessionResult {
  /** Added to the endpoint's redirect or page, e.g. the `Set-Cookie` that clears your session. */
  headers?: Record<string, string>;
  /** Your own answer instead of the redirect (a page of yours, a refusal). */
  response?: OAuth2Response;
}

/** Options of {@link createEndSessionEndpoint}. */
export interface EndSessionEndpointOptions {
  /** Ends the app's session (and whatever else logout means to it). */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async hook that returns nothing is the common case
  endSession(context: EndSessionContext): Promise<EndSessionResult | undefined | void>;
  /**
   * When the end user is asked first: `without_id_token_hint` (default; RP-Initiated Logout
   * 1.0, 6) or `always`. Never asked means never: your `endSession` may still return a page.
   */
  confirm?: 'without_id_token_hint' | 'always';
  /**
   * Your own confirmation page instead of the built-in one. Its form must POST `fields` and
   * `confirm=yes` (or `no`) to `action` from this server's origin, and it must not be framed.
   */
  renderConfirmation?(input: LogoutConfirmation): Promise<OAuth2Response> | OAuth2Response;
  /** Your own page after a logout with no `post_logout_redirect_uri` (`signedOut` false: cancelled). */
  renderLoggedOut?(input: {
    signedOut: boolean;
    client: Client | null;
    uiLocales: string[];
  }): Promise<OAuth2Response> | OAuth2Response;
}

/** The name the end-session endpoint is registered under (and moved by in `config.endpoints`). */
export const END_SESSION_ENDPOINT = 'end_session';

/**
 * The end-session endpoint of OpenID Connect RP-Initiated Logout 1.0: GET or POST at
 * `/logout`, published as `end_session_endpoint`. It checks `id_token_hint` (against the
 * server's `signingKeys`, expired accepted), `client_id` and `post_logout_redirect_uri`
 * (registered, exact), then calls your `endSession` and sends the browser to the
 * `post_logout_redirect_uri` with `state`, or shows a "signed out" page.
 *
 * A request without a valid `id_token_hint` could come from any site (section 6: "a
 * potential means of denial of service"): it is only acted upon once the end user confirms
 * on a page this endpoint shows, whose answer counts only when posted from this server's own
 * origin (`Sec-Fetch-Site: same-origin`, or `Origin` when a browser sends no fetch metadata);
 * the page cannot be framed. Every error is `invalid_request` answered directly, never
 * redirected.
 *
 * @example
 * server.registerEndpoint(createEndSessionEndpoint({
 *   async endSession({ request }) {
 *     sessions.destroy(request.headers.get('cookie'));
 *     return { headers: { 'Set-Cookie': 'sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' } };
 *   },
 * }));
 */
export function createEndSessionEndpoint(options: EndSessionEndpointOptions): Endpoint {
  if (typeof options?.endSession !== 'function') {
    throw new TypeError('createEndSessionEndpoint needs an endSession(context) hook');
  }
  const confirm = options.confirm ?? 'without_id_token_hint';
  if (confirm !== 'without_id_token_hint' && confirm !== 'always') {
    throw new TypeError('confirm must be "without_id_token_hint" or "always"');
  }
  const renderConfirmation = options.renderConfirmation ?? logoutConfirmationPage;
  const renderLoggedOut =
    options.renderLoggedOut ?? ((input: { signedOut: boolean }) => loggedOutPage(input.signedOut));

  return {
    name: END_SESSION_ENDPOINT,
    path: '/logout',
    methods: ['GET', 'POST'],
    metadataKey: 'end_session_endpoint',
    async handle(request, server) {
      if (request.method !== 'GET' && request.method !== 'POST') {
        throw new MethodNotAllowedError(['GET', 'POST']);
      }
      const checked = await readEndSessionRequest(request, server);
      const finish = async (signedOut: boolean): Promise<OAuth2Response> => {
        if (checked.postLogoutRedirectUri === null) {
          return renderLoggedOut({
            signedOut,
            client: checked.client,
            uiLocales: checked.uiLocales,
          });
        }
        const location =
          checked.state === null
            ? checked.postLogoutRedirectUri
            : buildAuthorizationRedirect(
                checked.postLogoutRedirectUri,
                { state: checked.state },
                'query',
              );
        // The request URL may carry the ID token: it goes to no one else as a Referer.
        return {
          status: 303,
          headers: { Location: location, ...NO_STORE, 'Referrer-Policy': 'no-referrer' },
          body: '',
        };
      };

      const hinted = checked.idTokenClaims !== null;
      if (confirm === 'always' || !hinted) {
        const answer = confirmation(request, server);
        if (answer === null) {
          return renderConfirmation({
            action: new URL(endpointUrl(server)).pathname,
            fields: resend(request),
            clientName: checked.client
              ? (checked.client.metadata.clientName ?? checked.client.clientId)
              : null,
            issuer: server.config.issuer,
            uiLocales: checked.uiLocales,
          });
        }
        if (!answer) return finish(false);
      }
      const result = await options.endSession({
        request,
        ...checked,
        vouchedBy: confirm === 'always' || !hinted ? 'confirmation' : 'id_token_hint',
      });
      if (result?.response) return result.response;
      const response = await finish(true);
      return result?.headers
        ? { ...response, headers: { ...response.headers, ...result.headers } }
        : response;
    },
  };
}

function endpointUrl(server: GrantContextServices): string {
  return server.endpointUrl(END_SESSION_ENDPOINT) ?? `${server.config.issuer}/logout`;
}

/**
 * The end user's answer on the confirmation page: `true` (sign out), `false` (stay), or
 * `null` when there is none to trust: not a POST, no `confirm` field, or not posted from this
 * server's origin (a cross-site form must never count as the end user's answer).
 */
function confirmation(request: OAuth2Request, server: GrantContextServices): boolean | null {
  if (request.method !== 'POST') return null;
  const answer = request.form?.get('confirm');
  if (answer === undefined || !postedFromOwnOrigin(request, server)) return null;
  return answer === 'yes';
}

/**
 * Fetch metadata first (every current browser sends `Sec-Fetch-Site`); a browser without it
 * still sends `Origin` on a POST. Neither header: not a browser form, so not an answer.
 */
function postedFromOwnOrigin(request: OAuth2Request, server: GrantContextServices): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  return origin !== null && origin === new URL(endpointUrl(server)).origin;
}

/** The request's own parameters, for the confirmation form to post back. */
function resend(request: OAuth2Request): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of endSessionParams(request).entries()) {
    if (PARAMETERS.has(name)) fields[name] = value;
  }
  return fields;
}

const PARAMETERS = new Set([
  'id_token_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'ui_locales',
  'logout_hint',
]);
