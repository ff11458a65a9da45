import type { QueryClient } from '../client-auth/authenticate-client.js';
import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import { clientSecretBasic } from '../client-auth/client-secret-basic.js';
import { clientSecretPost } from '../client-auth/client-secret-post.js';
import { noneAuth } from '../client-auth/none.js';
import { queryClientFromStore } from '../client-auth/query-client-from-store.js';
import {
  type AuthorizationServerConfig,
  type ResolvedConfig,
  resolveConfig,
} from '../config/server-config.js';
import {
  authorizationErrorResponse,
  createAuthorizationResponse,
  validateAuthorizationRequest,
} from '../endpoints/authorization-endpoint.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import {
  createIntrospectionEndpoint,
  type IntrospectionOptions,
} from '../endpoints/introspection-endpoint.js';
import { buildMetadata, createMetadataEndpoint } from '../endpoints/metadata-endpoint.js';
import { createRevocationEndpoint } from '../endpoints/revocation-endpoint.js';
import type { AuthorizationGrant, AuthorizationRequest } from '../grants/authorization-grant.js';
import {
  type BearerTokenValidator,
  createBearerTokenValidator,
} from '../resource/bearer-token-validator.js';
import { ResourceProtector } from '../resource/resource-protector.js';
import { tokenEndpoint } from '../endpoints/token-endpoint.js';
import { ServerError } from '../errors/errors.js';
import type { OAuth2Error } from '../errors/oauth2-error.js';
import { asOAuth2Error, errorResponse } from '../errors/render-error.js';
import {
  ServerEventEmitter,
  type ServerEventListener,
  type ServerEvents,
} from '../events/server-events.js';
import { createAuthorizationCodeGrant } from '../grants/authorization-code-grant.js';
import { createClientCredentialsGrant } from '../grants/client-credentials-grant.js';
import { createRefreshTokenGrant } from '../grants/refresh-token-grant.js';
import type {
  GrantExtension,
  GrantServices,
  SaveToken,
  TokenGrant,
} from '../grants/token-grant.js';
import { type User, userFromId } from '../models/user.js';
import { fromWebRequest } from '../request/from-web-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { type OAuth2Response, toWebResponse } from '../response/oauth2-response.js';
import type { AuthorizationCodeStore } from '../stores/authorization-code-store.js';
import type { ClientStore } from '../stores/client-store.js';
import type { Stores } from '../stores/stores.js';
import type { TokenStore } from '../stores/token-store.js';
import {
  createBearerTokenGenerator,
  type TokenGenerator,
} from '../tokens/bearer-token-generator.js';
import { loadGenerator } from '../tokens/load-generator.js';
import { saveTokenFromStore } from '../tokens/save-token-from-store.js';
import {
  type ExpiredRecordCleanupOptions,
  startExpiredRecordCleanup,
} from './start-expired-record-cleanup.js';
import {
  createRateLimitedTokenEndpoint,
  type TokenRateLimitOptions,
} from '../rate-limit/rate-limited-token-endpoint.js';
import type { GrantContextServices, RegisteredGrant } from './server-internals.js';

/** Everything an {@link AuthorizationServer} is built from. */
export interface AuthorizationServerOptions extends Partial<Stores> {
  config: AuthorizationServerConfig;
  /** Finds clients; defaults to one over `clients`. */
  queryClient?: QueryClient;
  /** Persists issued tokens; defaults to one over `tokens`. */
  saveToken?: SaveToken;
  /** The user behind a stored user id; defaults to an object with just `getUserId()`. */
  queryUser?: (userId: string) => Promise<User | null>;
  /**
   * The grants to register. Default: `authorization_code` (with PKCE), `refresh_token` and
   * `client_credentials`; `password` and `implicit` only when you register them.
   */
  grants?: (TokenGrant | AuthorizationGrant)[];
  /** Options of the introspection endpoint (who may introspect what). */
  introspection?: IntrospectionOptions;
  /** Limits failed client authentications and password attempts (SECURITY.md rule 31). */
  rateLimit?: TokenRateLimitOptions;
  /** Called with every error answered with a 5xx (the `cause` holds the internal detail). */
  onServerError?: (error: OAuth2Error, request: OAuth2Request) => void;
}

type Input = Request | OAuth2Request;

/**
 * An OAuth 2.0 authorization server (Authlib's `AuthorizationServer`): registries of
 * grants, endpoints, client authentication methods and token generators, over stores.
 *
 * @example
 * const server = new AuthorizationServer({
 *   ...createMemoryStores(),
 *   config: { issuer: 'https://auth.example.com', refreshTokenGenerator: true },
 * });
 * const response = await server.createTokenResponse(request); // a Fetch Request
 */
export class AuthorizationServer {
  readonly events = new ServerEventEmitter();
  #config: ResolvedConfig | null = null;
  #options: AuthorizationServerOptions | null = null;
  #queryClient: QueryClient | null = null;
  #saveToken: SaveToken | null = null;
  readonly #grants = new Map<string, RegisteredGrant>();
  readonly #responseTypes = new Map<string, AuthorizationGrant>();
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #authMethods: ClientAuthMethod[] = [clientSecretBasic, clientSecretPost, noneAuth];
  readonly #generators = new Map<string, TokenGenerator>();
  #customDefaultGenerator = false;
  #ready: Promise<void> = Promise.resolve();
  #internals: GrantContextServices | null = null;
  // A Web Request's body can be read once, but the consent API takes the same request in
  // several calls (validate, then answer or answer the error): parse it once.
  readonly #parsedAuthorization = new WeakMap<Request, Promise<OAuth2Request>>();

  constructor(options?: AuthorizationServerOptions) {
    this.registerEndpoint({ name: 'token', handle: tokenEndpoint });
    this.registerEndpoint(createRevocationEndpoint());
    this.registerEndpoint(createMetadataEndpoint());
    this.registerEndpoint(createIntrospectionEndpoint());
    if (options) this.init(options);
  }

  /**
   * Configures the server (Authlib's `init_app`): for servers created before their stores
   * exist. Configuration mistakes throw `TypeError` here; `"module#export"` generators are
   * imported now (await {@link ready} to see their errors).
   */
  init(options: AuthorizationServerOptions): this {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('AuthorizationServer needs an options object with a config');
    }
    const config = resolveConfig(options.config);
    const queryClient =
      options.queryClient ?? (options.clients ? queryClientFromStore(options.clients) : null);
    if (!queryClient) throw new TypeError('AuthorizationServer needs queryClient or clients');
    const saveToken =
      options.saveToken ?? (options.tokens ? saveTokenFromStore(options.tokens) : null);
    if (!saveToken) throw new TypeError('AuthorizationServer needs saveToken or tokens');
    this.#config = config;
    this.#options = options;
    this.#queryClient = queryClient;
    this.#saveToken = saveToken;
    this.#internals = null;
    const grants = options.grants ?? [
      createAuthorizationCodeGrant(),
      createRefreshTokenGrant(),
      createClientCredentialsGrant(),
    ];
    for (const grant of grants) this.registerGrant(grant);
    if (options.introspection) {
      this.registerEndpoint(createIntrospectionEndpoint(options.introspection));
    }
    if (options.rateLimit) this.registerEndpoint(createRateLimitedTokenEndpoint(options.rateLimit));
    this.#ready = Promise.all([
      loadGenerator(config.accessTokenGenerator, 'accessTokenGenerator'),
      loadGenerator(config.refreshTokenGenerator, 'refreshTokenGenerator'),
    ]).then(([access, refresh]) => {
      // The config's generator, unless the application registered its own default.
      if (!this.#customDefaultGenerator) {
        this.#generators.set('default', createBearerTokenGenerator(config, access!, refresh));
      }
    });
    this.#ready.catch(() => {});
    return this;
  }

  /** Resolves once generator modules are loaded; rejects with their `TypeError`. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  get config(): ResolvedConfig {
    if (!this.#config) throw new TypeError('AuthorizationServer is not initialised: call init()');
    return this.#config;
  }

  /**
   * Registers a grant (Authlib's `register_grant`): a token-endpoint grant by `grantType`, an
   * authorization-endpoint grant by `responseType`, or both (`authorization_code`). Replaces
   * any grant registered under the same key.
   */
  registerGrant(grant: TokenGrant | AuthorizationGrant, extensions: GrantExtension[] = []): this {
    const g = grant as Partial<TokenGrant & AuthorizationGrant>;
    const isToken = typeof g?.grantType === 'string' && typeof g.createTokenResponse === 'function';
    const isAuthorization =
      typeof g?.responseType === 'string' && typeof g.createAuthorizationResponse === 'function';
    if (!isToken && !isAuthorization) {
      throw new TypeError(
        'registerGrant needs a grant with grantType + createTokenResponse, or responseType + createAuthorizationResponse',
      );
    }
    if (isToken) this.#grants.set(g.grantType!, { grant: grant as TokenGrant, extensions });
    if (isAuthorization) this.#responseTypes.set(g.responseType!, grant as AuthorizationGrant);
    return this;
  }

  /** Registers an endpoint served by {@link createEndpointResponse}. */
  registerEndpoint(endpoint: Endpoint): this {
    if (!endpoint || typeof endpoint.name !== 'string' || typeof endpoint.handle !== 'function') {
      throw new TypeError('registerEndpoint needs an endpoint with name and handle');
    }
    this.#endpoints.set(endpoint.name, endpoint);
    return this;
  }

  /** Adds (or replaces, by name) a client authentication method. */
  registerClientAuthMethod(method: ClientAuthMethod): this {
    const i = this.#authMethods.findIndex((m) => m.name === method.name);
    if (i === -1) this.#authMethods.push(method);
    else this.#authMethods[i] = method;
    this.#internals = null;
    return this;
  }

  /** Sets the token generator for one grant type, or for all others with `'default'`. */
  registerTokenGenerator(grantType: string, generator: TokenGenerator): this {
    if (typeof generator !== 'function') throw new TypeError('a token generator is a function');
    this.#generators.set(grantType, generator);
    if (grantType === 'default') this.#customDefaultGenerator = true;
    return this;
  }

  on<K extends keyof ServerEvents>(name: K, listener: ServerEventListener<K>): () => void {
    return this.events.on(name, listener);
  }

  /** Answers a token request (RFC 6749 3.2) with a Fetch `Response`. */
  async createTokenResponse(request: Input): Promise<Response> {
    return toWebResponse(await this.createEndpointResponseRaw('token', request));
  }

  /** Answers a request to a registered endpoint with a Fetch `Response` (Authlib's name). */
  async createEndpointResponse(name: string, request: Input): Promise<Response> {
    return toWebResponse(await this.createEndpointResponseRaw(name, request));
  }

  /** The framework-neutral form of {@link createEndpointResponse}, for bindings. */
  async createEndpointResponseRaw(name: string, input: Input): Promise<OAuth2Response> {
    const request = await this.parse(input);
    try {
      const endpoint = this.#endpoints.get(name);
      if (!endpoint) throw new ServerError({ cause: new TypeError(`no endpoint named ${name}`) });
      return await endpoint.handle(request, await this.internals());
    } catch (e) {
      return this.errorResponse(e, request);
    }
  }

  /**
   * Validates an authorization request for the consent page (Authlib's
   * `validate_consent_request`): resolves the client, scope, redirect URI and state to show,
   * or throws an `OAuth2Error` — answer it with {@link createAuthorizationErrorResponse}.
   */
  async validateConsentRequest(
    input: Input,
    endUser: User | null = null,
  ): Promise<AuthorizationRequest> {
    const request = await this.#parseAuthorization(input);
    const { authorization } = await validateAuthorizationRequest(
      request,
      await this.internals(),
      endUser,
    );
    return authorization;
  }

  /**
   * Answers the end user's decision (Authlib's `create_authorization_response`): redirects
   * with a code or token issued to `grantUser`, or with `access_denied` when it is `null`.
   * Invalid requests get an error page or an error redirect, as RFC 6749 4.1.2.1 says.
   */
  async createAuthorizationResponse(input: Input, grantUser: User | null): Promise<Response> {
    return toWebResponse(await this.createAuthorizationResponseRaw(input, grantUser));
  }

  /** The framework-neutral form of {@link createAuthorizationResponse}. */
  async createAuthorizationResponseRaw(
    input: Input,
    grantUser: User | null,
  ): Promise<OAuth2Response> {
    const request = await this.#parseAuthorization(input);
    try {
      return await createAuthorizationResponse(request, await this.internals(), grantUser);
    } catch (e) {
      return this.createAuthorizationErrorResponseRaw(e, request);
    }
  }

  /** An error from {@link validateConsentRequest} as a `Response`: redirect or error page. */
  async createAuthorizationErrorResponse(error: unknown, input: Input): Promise<Response> {
    return toWebResponse(
      this.createAuthorizationErrorResponseRaw(error, await this.#parseAuthorization(input)),
    );
  }

  /** The framework-neutral form of {@link createAuthorizationErrorResponse}. */
  createAuthorizationErrorResponseRaw(error: unknown, request: OAuth2Request): OAuth2Response {
    const e = asOAuth2Error(error);
    if (e.status >= 500) this.#reportServerError(e, request);
    return authorizationErrorResponse(e, request, { config: this.config });
  }

  /** The metadata document (RFC 8414) as an object. */
  async metadata(): Promise<Record<string, unknown>> {
    return buildMetadata(await this.internals());
  }

  /**
   * A bearer-token validator over this server's token store that emits `tokenAuthenticated`
   * (see {@link createBearerTokenValidator}).
   */
  createBearerTokenValidator(): BearerTokenValidator {
    const tokens = this.#options?.tokens;
    if (!tokens) throw new TypeError('createBearerTokenValidator needs the server to have tokens');
    return createBearerTokenValidator(tokens, { realm: this.config.realm, events: this.events });
  }

  /** A {@link ResourceProtector} over {@link createBearerTokenValidator}, with this server's error settings. */
  createResourceProtector(): ResourceProtector {
    return new ResourceProtector(this.createBearerTokenValidator(), this.config);
  }

  /**
   * Deletes expired tokens and codes from this server's `tokens` and `codes` stores every
   * `intervalSeconds` (see {@link startExpiredRecordCleanup}); returns `stop()`.
   *
   * @example
   * const stop = server.startExpiredRecordCleanup({ onError: (e) => log.warn(e) });
   */
  startExpiredRecordCleanup(options?: ExpiredRecordCleanupOptions): () => Promise<void> {
    return startExpiredRecordCleanup(
      { tokens: this.#options?.tokens, codes: this.#options?.codes },
      options,
    );
  }

  #parseAuthorization(input: Input): Promise<OAuth2Request> {
    if (typeof Request === 'undefined' || !(input instanceof Request)) return this.parse(input);
    let parsed = this.#parsedAuthorization.get(input);
    if (!parsed) {
      parsed = this.parse(input);
      this.#parsedAuthorization.set(input, parsed);
    }
    return parsed;
  }

  /** Reads a Fetch `Request` once into an {@link OAuth2Request}; passes one through as it is. */
  async parse(input: Input): Promise<OAuth2Request> {
    if (typeof Request !== 'undefined' && input instanceof Request) {
      return fromWebRequest(input, { maxBodyBytes: this.#config?.maxBodyBytes });
    }
    return input as OAuth2Request;
  }

  /** The JSON error response for anything thrown while serving `request`. */
  errorResponse(e: unknown, request: OAuth2Request): OAuth2Response {
    const error = asOAuth2Error(e);
    if (error.status >= 500) this.#reportServerError(error, request);
    return errorResponse(error, request.locales, this.#config ?? fallbackErrorConfig);
  }

  #reportServerError(error: OAuth2Error, request: OAuth2Request): void {
    const hook = this.#options?.onServerError;
    if (hook) {
      try {
        hook(error, request);
      } catch {}
    } else if (error.status === 500) {
      console.error('[oauthkit] server_error', error.cause ?? error);
    }
  }

  /** Resolved parts for endpoints and grants; rebuilt when a registry changes. */
  async internals(): Promise<GrantContextServices> {
    if (!this.#config) {
      throw new ServerError({ cause: new TypeError('AuthorizationServer is not initialised') });
    }
    await this.#ready;
    if (this.#internals) return this.#internals;
    const options = this.#options!;
    const generators = this.#generators;
    const require = <T>(store: T | undefined, name: string): T => {
      if (!store) throw new ServerError({ cause: new TypeError(`no ${name} store configured`) });
      return store;
    };
    const services: GrantServices = {
      config: this.#config,
      events: this.events,
      tokens: () => require<TokenStore>(options.tokens, 'tokens'),
      codes: () => require<AuthorizationCodeStore>(options.codes, 'codes'),
      generateToken: (input) =>
        (generators.get(input.grantType) ?? generators.get('default')!)(input),
      saveToken: this.#saveToken!,
      queryUser: options.queryUser ?? (async (id) => userFromId(id)),
      now: () => new Date(),
    };
    this.#internals = {
      config: this.#config,
      grants: this.#grants,
      responseTypes: this.#responseTypes,
      clientAuthMethods: this.#authMethods,
      queryClient: this.#queryClient!,
      events: this.events,
      services,
      stores: {
        clients: options.clients as ClientStore,
        tokens: options.tokens,
        codes: options.codes,
      },
    };
    return this.#internals;
  }
}

const fallbackErrorConfig = {
  errorUris: new Map<string, string>(),
  translate: undefined,
  defaultLocale: 'en',
};

/** Creates an {@link AuthorizationServer}; see its options. */
export function createAuthorizationServer(
  options: AuthorizationServerOptions,
): AuthorizationServer {
  return new AuthorizationServer(options);
}
