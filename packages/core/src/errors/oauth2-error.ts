import type { MessageParams } from '../i18n/translate.js';

/** Options every OAuth error accepts. */
export interface OAuth2ErrorOptions {
  /** Message key of the public description (see `i18n/en.ts`), or a literal description. */
  description?: string;
  /** Values interpolated into the description's `{placeholders}`. */
  params?: MessageParams;
  /** Internal detail for logs; never sent to the client. */
  cause?: unknown;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

/** Where and how an authorization-endpoint error is sent back to the client. */
export interface AuthorizationErrorRedirect {
  redirectUri: string;
  responseMode: 'query' | 'fragment';
  state: string | undefined;
}

/**
 * The base of every protocol error. `error` is the RFC error code sent on the wire, `status`
 * the HTTP status, `description` a message key (or literal text) rendered in the request's
 * language as `error_description`. `cause` stays private: it is for logs only.
 */
export class OAuth2Error extends Error {
  readonly error: string;
  readonly status: number;
  readonly description: string | undefined;
  readonly params: MessageParams;
  readonly headers: Record<string, string>;
  /**
   * Set by the authorization endpoint once the client and redirect URI are validated: the
   * error is then sent to the client by redirect instead of shown as a page (RFC 6749 4.1.2.1).
   */
  redirect?: AuthorizationErrorRedirect;

  constructor(error: string, status: number, options: OAuth2ErrorOptions = {}) {
    super(options.description ? `${error}: ${options.description}` : error, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.error = error;
    this.status = status;
    this.description = options.description;
    this.params = options.params ?? {};
    this.headers = { ...options.headers };
  }
}
