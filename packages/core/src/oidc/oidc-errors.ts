import { OAuth2Error, type OAuth2ErrorOptions } from '../errors/oauth2-error.js';

// The authentication error codes of OpenID Connect Core 1.0 3.1.2.6, each documented with
// the specification's own definition. Sent to the client by redirect like every
// authorization error once the client and redirect URI are validated.

/**
 * The Authorization Server requires End-User interaction of some form to proceed (sent for
 * `prompt=none` when the request cannot be completed without displaying a user interface).
 */
export class InteractionRequiredError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('interaction_required', 400, { description: 'interaction_required', ...options });
  }
}

/**
 * The Authorization Server requires End-User authentication (sent for `prompt=none` when the
 * End-User is not signed in, or must sign in again).
 */
export class LoginRequiredError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('login_required', 400, { description: 'login_required', ...options });
  }
}

/**
 * The End-User is required to select a session at the Authorization Server (sent for
 * `prompt=none` when the choice of session cannot be made without a user interface).
 */
export class AccountSelectionRequiredError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('account_selection_required', 400, {
      description: 'account_selection_required',
      ...options,
    });
  }
}

/** The Authorization Server requires End-User consent (sent for `prompt=none` without consent). */
export class ConsentRequiredError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('consent_required', 400, { description: 'consent_required', ...options });
  }
}

/** The OP does not support use of the `request` parameter (Core 3.1.2.6, 6.1). */
export class RequestNotSupportedError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('request_not_supported', 400, { description: 'request_not_supported', ...options });
  }
}
