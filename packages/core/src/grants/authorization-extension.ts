import type { User } from '../models/user.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { AuthorizationGrantContext } from './authorization-grant.js';

/**
 * What the application knows about the end user when it validates or answers an
 * authorization request, for the modules that decide on interaction (OpenID Connect's
 * `prompt` and `max_age`). Everything is optional: a module treats what is missing as
 * unknown, and unknown never proves a login or a consent.
 */
export interface AuthorizationInteraction {
  /** The end user's session. */
  session?: {
    /** When the end user signed in, in seconds since the epoch. */
    authTime?: number;
    /** Whether the end user already consented to everything this request asks. */
    consentGiven?: boolean;
    /** Another interaction the application needs first (accept new terms, ...). */
    pendingInteraction?: string;
  };
  /** What the end user did for this very request. */
  completed?: { login?: boolean; consent?: boolean; selectAccount?: boolean };
  /**
   * Facts saved with the code and the tokens issued from it when the request is approved
   * (see {@link RecordExtensions}): OpenID Connect's `authTime`, `acr` and `amr`.
   */
  extensions?: RecordExtensions;
}

/**
 * Extra behaviour at the authorization endpoint, for every response type (OpenID Connect's
 * `prompt`, `max_age`, `claims`, `id_token_hint`). Errors thrown here go back to the client
 * by redirect, like the response type's own: the client and redirect URI are already valid.
 */
export interface AuthorizationExtension {
  /** Parameters this extension allows to repeat. */
  readonly repeatableParameters?: readonly string[];
  /**
   * After the response type's own checks, when the request is validated (for the consent
   * page and again when it is answered). Reads `authorization.params`, may fill
   * `authorization.extensions`; throw an `OAuth2Error` to refuse.
   */
  validateAuthorizationRequest?(context: AuthorizationGrantContext): Promise<void> | void;
  /**
   * When the end user approved, before the code or token is issued: check what the approval
   * says (`authorization.interaction`); throw an `OAuth2Error` to refuse.
   */
  approveAuthorizationRequest?(
    context: AuthorizationGrantContext,
    user: User,
  ): Promise<void> | void;
}
