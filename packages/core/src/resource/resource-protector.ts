import { DEFAULTS } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/server-config.js';
import { DPOP_AUTHORIZATION, dpopChallenge, isDpopScheme } from '../dpop/dpop-authorization.js';
import { InvalidDpopProofError } from '../dpop/dpop-errors.js';
import type { DpopProofChecker } from '../dpop/dpop-proof-checker.js';
import { InvalidTokenError } from '../errors/errors.js';
import { asOAuth2Error, errorResponse } from '../errors/render-error.js';
import type { Token } from '../models/token.js';
import { promiseFrom } from '../promise-from.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { NO_STORE, type OAuth2Response, toWebResponse } from '../response/oauth2-response.js';
import { type BearerTokenValidator, MissingTokenError } from './bearer-token-validator.js';
import { markDpopPresented } from './dpop-presented.js';

/** What every binding's `protect` / `requireScopes` takes besides the server. */
export interface ProtectOptions {
  /**
   * How bearer tokens are validated: default the server's token store (opaque and JWT
   * access tokens alike, revocation seen at once); `createJwtBearerValidator(...)` checks
   * JWT access tokens locally, without the store.
   */
  bearerValidator?: BearerTokenValidator;
}

/** Options of a {@link ResourceProtector} besides its validator and error settings. */
export interface ResourceProtectorOptions {
  /** `realm` of the `DPoP` challenges (RFC 9449 7.1); default `DEFAULTS.realm`. */
  realm?: string;
  /**
   * The authorization server's issuer: a DPoP proof's `htu` may name the request's path on
   * its origin (for resources served by the authorization server's own bindings).
   */
  issuer?: string;
  /**
   * Accept `Authorization: DPoP` with a proof (RFC 9449 7): the server's checker
   * (`server.createResourceProtector()` passes it), or one of `createDpopProofChecker`.
   * Without it only bearer tokens are accepted, and DPoP-bound ones never.
   */
  dpop?: DpopProofChecker;
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
  readonly #realm: string;
  readonly #issuerOrigin: string | null;
  readonly #dpop: DpopProofChecker | null;

  constructor(
    validate: BearerTokenValidator,
    errors: Partial<Pick<ResolvedConfig, 'errorUris' | 'translate' | 'defaultLocale'>> = {},
    options: ResourceProtectorOptions = {},
  ) {
    if (typeof validate !== 'function') throw new TypeError('ResourceProtector needs a validator');
    this.#validate = validate;
    this.#realm = options.realm ?? DEFAULTS.realm;
    this.#issuerOrigin =
      options.issuer !== undefined && URL.canParse(options.issuer)
        ? new URL(options.issuer).origin
        : null;
    this.#dpop = options.dpop ?? null;
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
  protect(request: OAuth2Request, scopes: readonly string[] = []): Promise<ProtectResult> {
    try {
      const header = request.headers.get('authorization');
      if (this.#dpop && isDpopScheme(header)) {
        return this.#protectDpop(this.#dpop, request, header, scopes);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    // A `then` on the validator's promise rather than an async frame awaiting it: this runs
    // on every request of a protected route.
    return promiseFrom(() => this.#validate(request, scopes)).then(
      (token) => this.#accepted(token, request),
      (e: unknown) => this.#refused(e, request),
    );
  }

  /** The token the validator accepted, unless it is DPoP-bound. */
  #accepted(token: Token, request: OAuth2Request): ProtectResult {
    // RFC 9449 7.2: a DPoP-bound token is never accepted as a bearer token (rule 37).
    if (boundKey(token) === null) return { ok: true, token };
    return this.#refused(
      new InvalidTokenError({
        description: 'dpop_bound_token',
        headers: this.#dpop
          ? this.#dpopChallenge(this.#dpop, 'invalid_token')
          : { 'WWW-Authenticate': `Bearer realm="${this.#realm}", error="invalid_token"` },
      }),
      request,
    );
  }

  /** The RFC 6750 response to a refused bearer request; a `TypeError` is rethrown. */
  #refused(e: unknown, request: OAuth2Request): ProtectResult {
    if (e instanceof TypeError) throw e; // the application's mistake, not the client's
    if (e instanceof MissingTokenError) {
      // With DPoP, the challenge names both schemes (RFC 9449 7.1).
      const challenge = this.#dpop
        ? `${e.headers['WWW-Authenticate']}, ${this.#dpopChallenge(this.#dpop)['WWW-Authenticate']}`
        : e.headers['WWW-Authenticate']!;
      return {
        ok: false,
        response: {
          status: 401,
          headers: { ...NO_STORE, ...e.headers, 'WWW-Authenticate': challenge },
          body: '',
        },
      };
    }
    return { ok: false, response: errorResponse(e, request.locales, this.#errors) };
  }

  /**
   * `Authorization: DPoP` (RFC 9449 7.1): the proof (with `ath`) is checked, the token by the
   * validator as a bearer token would be, then the token's key against the proof's, and last
   * the proof's `jti` is spent. Every refusal carries a `DPoP` challenge.
   */
  async #protectDpop(
    dpop: DpopProofChecker,
    request: OAuth2Request,
    header: string,
    scopes: readonly string[],
  ): Promise<ProtectResult> {
    try {
      const m = DPOP_AUTHORIZATION.exec(header);
      if (!m || request.form?.has('access_token') === true) {
        throw new InvalidTokenError({ headers: this.#dpopChallenge(dpop, 'invalid_token') });
      }
      const accessToken = m[1]!;
      const proof = await dpop.verify(request, {
        htu: this.#targets(request),
        accessToken,
        status: 401,
      });
      if (proof === null) {
        throw new InvalidDpopProofError({ description: 'dpop_proof_required' }, 401);
      }
      let token: Token;
      try {
        token = await this.#validate(asBearer(request, accessToken), scopes);
      } catch (e) {
        if (e instanceof TypeError) throw e;
        const error = asOAuth2Error(e);
        // The validator's challenge, in the DPoP scheme.
        const bearer = error.headers['WWW-Authenticate'];
        if (bearer !== undefined) {
          error.headers['WWW-Authenticate'] = bearer.replace(/^Bearer /, 'DPoP ');
        }
        throw error;
      }
      // The token must be bound to the proof's key (rule 37).
      if (boundKey(token) !== proof.jkt) {
        throw new InvalidTokenError({
          description: 'dpop_key_mismatch',
          headers: this.#dpopChallenge(dpop, 'invalid_token'),
        });
      }
      await dpop.useOnce(proof, 401);
      return { ok: true, token };
    } catch (e) {
      if (e instanceof TypeError) throw e;
      const error = asOAuth2Error(e);
      if (error.error === 'invalid_dpop_proof' || error.error === 'use_dpop_nonce') {
        Object.assign(error.headers, this.#dpopChallenge(dpop, error.error));
      }
      return { ok: false, response: errorResponse(error, request.locales, this.#errors) };
    }
  }

  /** `WWW-Authenticate: DPoP realm=..., error=..., algs=...` (RFC 9449 7.1). */
  #dpopChallenge(dpop: DpopProofChecker, error?: string): Record<string, string> {
    return dpopChallenge(
      this.#realm,
      dpop.algorithms,
      error === undefined ? '' : `, error="${error}"`,
    );
  }

  /**
   * The URIs a resource request's proof may name: the request's own URL as the binding saw
   * it, and its path on the issuer's origin and on the origin of its `Host` header (bindings
   * behind a proxy, or given a path alone, do not know the public origin).
   */
  #targets(request: OAuth2Request): string[] {
    const { pathname } = request.url;
    const targets = [request.url.href];
    if (this.#issuerOrigin !== null) targets.push(`${this.#issuerOrigin}${pathname}`);
    const host = request.headers.get('host');
    if (host !== null && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) {
      targets.push(`https://${host}${pathname}`, `http://${host}${pathname}`);
    }
    return targets;
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

/** The DPoP key a token is bound to (`cnf.jkt`), or `null` for a bearer token. */
function boundKey(token: Token): string | null {
  const jkt = token.record?.extensions?.dpopJkt;
  return typeof jkt === 'string' ? jkt : null;
}

/** The request as a bearer-token validator expects it: the same, with a `Bearer` header. */
function asBearer(request: OAuth2Request, accessToken: string): OAuth2Request {
  const authorization = `Bearer ${accessToken}`;
  const view: OAuth2Request = {
    method: request.method,
    get url() {
      return request.url;
    },
    headers: {
      get: (name) =>
        name.toLowerCase() === 'authorization' ? authorization : request.headers.get(name),
    },
    query: request.query,
    form: request.form,
    bodyProblem: request.bodyProblem,
    get locales() {
      return request.locales;
    },
  };
  markDpopPresented(view);
  return view;
}
