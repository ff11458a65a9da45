import type { ResolvedConfig } from '../config/server-config.js';
import { errorResponse } from '../errors/render-error.js';
import type { Token } from '../models/token.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { NO_STORE, type OAuth2Response, toWebResponse } from '../response/oauth2-response.js';
import { type BearerTokenValidator, MissingTokenError } from './bearer-token-validator.js';

/** What every binding's `protect` / `requireScopes` takes besides the server. */
export interface ProtectOptions {
  /**
   * How bearer tokens are validated: default the server's token store (opaque and JWT
   * access tokens alike, revocation seen at once); `createJwtBearerValidator(...)` checks
   * JWT access tokens locally, without the store.
   */
  bearerValidator?: BearerTokenValidator;
}

/** The outcome of {@link ResourceProtector.protect}: the token, or the response to send. */
export type ProtectResult = { ok: true; token: Token } | { ok: false; response: OAuth2Response };

/**
 * Guards resource endpoints (Authlib's `ResourceProtector`): bindings call `protect` and
 * either continue with the token or send the RFC 6750 error response it made.
 *
 * @example
 * const protector = new ResourceProtector(createBearerTokenValidator(stores.tokens));
 * const result = await protector.protect(request, ['profile']);
 * if (!result.ok) return toWebResponse(result.response);
 */
export class ResourceProtector {
  readonly #validate: BearerTokenValidator;
  readonly #errors: Pick<ResolvedConfig, 'errorUris' | 'translate' | 'defaultLocale'>;

  constructor(
    validate: BearerTokenValidator,
    errors: Partial<Pick<ResolvedConfig, 'errorUris' | 'translate' | 'defaultLocale'>> = {},
  ) {
    if (typeof validate !== 'function') throw new TypeError('ResourceProtector needs a validator');
    this.#validate = validate;
    this.#errors = {
      errorUris: errors.errorUris ?? new Map(),
      translate: errors.translate,
      defaultLocale: errors.defaultLocale ?? 'en',
    };
  }

  /**
   * Validates the request's bearer token against `scopes`. Client mistakes become the RFC 6750
   * response; only a caller mistake (a malformed required scope) throws, as a `TypeError`.
   */
  async protect(request: OAuth2Request, scopes: readonly string[] = []): Promise<ProtectResult> {
    try {
      return { ok: true, token: await this.#validate(request, scopes) };
    } catch (e) {
      if (e instanceof TypeError) throw e; // the application's mistake, not the client's
      if (e instanceof MissingTokenError) {
        return {
          ok: false,
          response: { status: 401, headers: { ...NO_STORE, ...e.headers }, body: '' },
        };
      }
      return { ok: false, response: errorResponse(e, request.locales, this.#errors) };
    }
  }

  /** {@link protect} for a Fetch `Request`: the token, or the `Response` to return. */
  async protectWebRequest(
    request: Request,
    scopes: readonly string[] = [],
  ): Promise<{ ok: true; token: Token } | { ok: false; response: Response }> {
    // Headers only: the route behind the protector still owns (and may read) the body.
    const oauthRequest = createOAuth2Request({
      method: request.method,
      url: request.url,
      headers: request.headers,
    });
    const result = await this.protect(oauthRequest, scopes);
    return result.ok ? result : { ok: false, response: toWebResponse(result.response) };
  }
}
