import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { OpenIdAuthorization } from '../oidc/open-id-authorization.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { StoreName } from '../stores/stores.js';
import type { AuthorizationInteraction } from './authorization-extension.js';
import type { GrantServices } from './token-grant.js';

/** A validated authorization request: what the consent page shows and the grant issues from. */
export interface AuthorizationRequest {
  client: Client;
  responseType: string;
  /** Where the response goes: the requested URI, or the client's only registered one. */
  redirectUri: string;
  /** `redirect_uri` as sent, `null` when omitted (the token request must then omit it too). */
  requestedRedirectUri: string | null;
  responseMode: 'query' | 'fragment';
  scope: string;
  /** `state` exactly as sent, echoed byte for byte (RFC 6749 4.1.2). */
  state: string | undefined;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  /** The end user the application passed to `validateConsentRequest`. */
  user: User | null;
  params: Params;
  /**
   * What modules keep with the code this request issues, and with the tokens issued from it
   * (see {@link RecordExtensions}): filled while the request is validated and approved.
   */
  extensions: RecordExtensions;
  /** What the application said about the end user's session (see {@link AuthorizationInteraction}). */
  interaction: AuthorizationInteraction;
  /**
   * Set when OpenID Connect is enabled and `openid` is requested: what `prompt`, `max_age`,
   * `claims` and the hints demand (see {@link OpenIdAuthorization}).
   */
  openid?: OpenIdAuthorization;
}

/** What an authorization-endpoint grant receives. */
export interface AuthorizationGrantContext {
  request: OAuth2Request;
  authorization: AuthorizationRequest;
  services: GrantServices;
}

/**
 * A grant served at the authorization endpoint, keyed by `response_type` (RFC 6749 3.1.1):
 * the `code` side of `authorization_code`, or `token` (implicit).
 */
export interface AuthorizationGrant {
  readonly responseType: string;
  /**
   * The grant type a client must be registered for to use this response type
   * (`authorization_code` for `code`, `implicit` for `token`).
   */
  readonly grantType?: string;
  /** `query` for codes, `fragment` for tokens: a token never travels in a query. */
  readonly responseMode: 'query' | 'fragment';
  /**
   * Authorization-request parameters that may be sent more than once (RFC 8707 `resource`);
   * every other repeated parameter is `invalid_request` (RFC 6749 3.1).
   */
  readonly repeatableParameters?: readonly string[];
  /** The stores it cannot work without: a server missing one refuses to start. */
  readonly requiredStores?: readonly StoreName[];
  /** Checks of this response type (PKCE for `code`); throw an `OAuth2Error` to refuse. */
  validateAuthorizationRequest?(context: AuthorizationGrantContext): void;
  /** Issues the code or token for `user`; resolves the response parameters. */
  createAuthorizationResponse(
    context: AuthorizationGrantContext,
    user: User,
  ): Promise<Record<string, string>>;
}
