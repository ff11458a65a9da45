import { OAuth2Error, type OAuth2ErrorOptions } from '../errors/oauth2-error.js';

// The token endpoint errors of RFC 8628 3.5. All are 400, like the RFC 6749 5.2 errors.

/** `authorization_pending`: the user has not answered yet; poll again after `interval`. */
export class AuthorizationPendingError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('authorization_pending', 400, { description: 'authorization_pending', ...options });
  }
}

/** `slow_down`: polled too early; the interval is now 5 seconds longer for good. */
export class SlowDownError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('slow_down', 400, { description: 'slow_down', ...options });
  }
}

/** `expired_token`: the device code expired; the device may start again. */
export class ExpiredTokenError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('expired_token', 400, { description: 'expired_token', ...options });
  }
}

/**
 * `access_denied` at the token endpoint (RFC 8628 3.5): the user denied the request. A 400
 * like every token endpoint error (RFC 6749 5.2), not the 403 of a protected resource.
 */
export class DeviceAccessDeniedError extends OAuth2Error {
  constructor(options?: OAuth2ErrorOptions) {
    super('access_denied', 400, { description: 'device_denied', ...options });
  }
}
