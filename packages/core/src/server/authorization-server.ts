import {
  type AuthenticateClientOptions,
  type AuthenticatedClient,
  authenticateClient,
  type QueryClient,
} from '../client-auth/authenticate-client.js';
import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import { clientSecretBasic } from '../client-auth/client-secret-basic.js';
import { clientSecretPost } from '../client-auth/client-secret-post.js';
import { noneAuth } from '../client-auth/none.js';
import { queryClientFromStore } from '../client-auth/query-client-from-store.js';
import {
  applyFapi2SenderConstraint,
  FAPI2_CLIENT_AUTH_METHODS,
  FAPI2_REFUSED_GRANT_TYPES,
} from '../config/security-profile.js';
import {
  type AuthorizationServerConfig,
  endpointUrl,
  type ResolvedConfig,
  rejectMisspeltKeys,
  resolveConfig,
} from '../config/server-config.js';
import { corsEnabled, originAllowed, preflightResponse, withCorsHeaders } from '../cors/cors.js';
import { createDeviceAuthorizationEndpoint } from '../device/device-authorization-endpoint.js';
import { createDeviceCodeGrant } from '../device/device-code-grant.js';
import { DEVICE_CODE_GRANT_TYPE } from '../device/device-code-grant-type.js';
import {
  approveDeviceAuthorization,
  type DeviceApproval,
  type DeviceVerificationCaller,
  type DeviceVerificationRequest,
  denyDeviceAuthorization,
  validateUserCode,
} from '../device/device-verification.js';
import { createDpop, type DpopModule, type DpopOptions } from '../dpop/create-dpop.js';
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
import { createJwksEndpoint } from '../endpoints/jwks-endpoint.js';
import { buildMetadata, createMetadataEndpoint } from '../endpoints/metadata-endpoint.js';
import { createRevocationEndpoint } from '../endpoints/revocation-endpoint.js';
import { createTokenEndpoint } from '../endpoints/token-endpoint.js';
import { ServerError } from '../errors/errors.js';
import type { OAuth2Error } from '../errors/oauth2-error.js';
import { asOAuth2Error, errorResponse } from '../errors/render-error.js';
import {
  ServerEventEmitter,
  type ServerEventListener,
  type ServerEvents,
} from '../events/server-events.js';
import { createAuthorizationCodeGrant } from '../grants/authorization-code-grant.js';
import type {
  AuthorizationExtension,
  AuthorizationInteraction,
} from '../grants/authorization-extension.js';
import type { AuthorizationGrant, AuthorizationRequest } from '../grants/authorization-grant.js';
import { createClientCredentialsGrant } from '../grants/client-credentials-grant.js';
import { createRefreshTokenGrant } from '../grants/refresh-token-grant.js';
import type {
  GrantExtension,
  GrantServices,
  SaveToken,
  TokenGrant,
} from '../grants/token-grant.js';
import { isSigningKeySet, type SigningKeySet } from '../keys/signing-key-set.js';
import type { Client } from '../models/client.js';
import { type User, userFromId } from '../models/user.js';
import { createOpenIdConnect, type OpenIdConnectOptions } from '../oidc/create-open-id-connect.js';
import { createPushedAuthorizationEndpoint } from '../par/pushed-authorization-endpoint.js';
import { promiseFrom } from '../promise-from.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import {
  createRateLimitedTokenEndpoint,
  type TokenRateLimitOptions,
  withClientAuthRateLimit,
} from '../rate-limit/rate-limited-token-endpoint.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createClientRegistrationEndpoint } from '../registration/client-registration-endpoint.js';
import type { ClientRegistrationOptions } from '../registration/registration-options.js';
import { fromWebRequest } from '../request/from-web-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import {
  type BearerTokenValidator,
  createBearerTokenValidator,
} from '../resource/bearer-token-validator.js';
import { ResourceProtector } from '../resource/resource-protector.js';
import { type OAuth2Response, toWebResponse } from '../response/oauth2-response.js';
import { callStore } from '../stores/call-store.js';
import type { ClientStore } from '../stores/client-store.js';
import type { StoreName, Stores } from '../stores/stores.js';
import { createAccessTokenGenerator } from '../tokens/access-token-generator.js';
import {
  createBearerTokenGenerator,
  type TokenGenerator,
} from '../tokens/bearer-token-generator.js';
import { loadGenerator } from '../tokens/load-generator.js';
import { redeemCodeService } from '../tokens/redeem-code-service.js';
import { saveTokenFailingClosed, saveTokenFromStore } from '../tokens/save-token-from-store.js';
import type { GrantContextServices, RegisteredGrant } from './server-internals.js';
import type { ServerModule } from './server-module.js';
import {
  type ExpiredRecordCleanupOptions,
  startExpiredRecordCleanup,
} from './start-expired-record-cleanup.js';

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
   * The grants to register. Default: `authorization_code` (with PKCE) when there is a
   * `codes` store, `refresh_token` when there is a `tokens` store, and `client_credentials`;
   * `password` and `implicit` only when you register them. A grant listed here whose store
   * is missing stops the server at start-up.
   */
  grants?: (TokenGrant | AuthorizationGrant)[];
  /** Options of the introspection endpoint (who may introspect what). */
  introspection?: IntrospectionOptions;
  /** Limits failed client authentications and password attempts (SECURITY.md rule 31). */
  rateLimit?: TokenRateLimitOptions;
  /** Called with every error answered with a 5xx (the `cause` holds the internal detail). */
  onServerError?: (error: OAuth2Error, request: OAuth2Request) => void;
  /**
   * The server's signing keys (`createSigningKeySet`), shared by everything it signs: ID
   * tokens, JWT access tokens, JWT introspection responses. Given, the JWKS endpoint
   * publishes their public parts at `/jwks` (`jwks_uri` in the metadata).
   */
  signingKeys?: SigningKeySet;
  /**
   * Enables OpenID Connect Core 1.0 (ID tokens, UserInfo, discovery, `prompt`, `max_age`,
   * `claims`): see {@link OpenIdConnectOptions}. Needs `signingKeys`.
   */
  openid?: OpenIdConnectOptions;
  /**
   * Enables dynamic client registration (RFC 7591) and client management (RFC 7592) at
   * `/register` (`registration_endpoint` in the metadata): see
   * {@link ClientRegistrationOptions}. Needs `clients` and a `tokens` store with
   * `revokeClientTokens`.
   */
  registration?: ClientRegistrationOptions;
  /**
   * Enables DPoP, sender-constrained tokens (RFC 9449): see {@link DpopOptions}. `{}` accepts
   * proofs when clients send them.
   */
  dpop?: DpopOptions;
}

/** Every key of {@link AuthorizationServerOptions}, to name a misspelt one. */
const OPTION_KEYS = [
  'config',
  'clients',
  'tokens',
  'codes',
  'deviceCodes',
  'pushedRequests',
  'queryClient',
  'saveToken',
  'queryUser',
  'grants',
  'introspection',
  'onServerError',
  'rateLimit',
  'signingKeys',
  'openid',
  'registration',
  'dpop',
] as const satisfies readonly (keyof AuthorizationServerOptions)[];

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
  #registryVersion = 0;
  // The client a request authenticated as, for the CORS check of its response.
  readonly #requestClients = new WeakMap<OAuth2Request, Client>();
  readonly #generators = new Map<string, TokenGenerator>();
  #customDefaultGenerator = false;
  #ready: Promise<void> = Promise.resolve();
  #internals: GrantContextServices | null = null;
  #modules: readonly ServerModule[] = [];
  #dpop: DpopModule | null = null;
  readonly #authorizationExtensions: AuthorizationExtension[] = [];
  // A Web Request's body can be read once, but the consent API takes the same request in
  // several calls (validate, then answer or answer the error): parse it once.
  readonly #parsedAuthorization = new WeakMap<Request, Promise<OAuth2Request>>();
  // Counts failed user-code entries when no `rateLimit.limiter` is shared (RFC 8628 5.1).
  #userCodeLimiter: RateLimiter | null = null;

  constructor(options?: AuthorizationServerOptions) {
    this.registerEndpoint(createTokenEndpoint());
    this.registerEndpoint(createMetadataEndpoint());
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
    // Store bundles are spread in (`...createMemoryStores()`) with keys of their own: only a
    // key close to an option's name is taken for a misspelling.
    rejectMisspeltKeys(options, OPTION_KEYS, 'options');
    const config = resolveConfig(options.config);
    const queryClient =
      options.queryClient ?? (options.clients ? queryClientFromStore(options.clients) : null);
    if (!queryClient) throw new TypeError('AuthorizationServer needs queryClient or clients');
    const saveToken =
      options.saveToken ?? (options.tokens ? saveTokenFromStore(options.tokens) : null);
    if (!saveToken) throw new TypeError('AuthorizationServer needs saveToken or tokens');
    this.#config = config;
    if (config.profile === 'fapi2') {
      for (const { grant } of this.#grants.values()) refuseUnderFapi2(grant);
      for (const grant of this.#responseTypes.values()) refuseUnderFapi2(grant);
    }
    this.#options = options;
    this.#queryClient = queryClient;
    this.#saveToken = saveToken;
    this.#internals = null;
    // Modules first: the grants registered below pick up their grant extensions.
    // FAPI 2.0 turns DPoP on and requires it for every token request.
    const dpopOptions =
      config.profile === 'fapi2' ? applyFapi2SenderConstraint(options.dpop) : options.dpop;
    const dpop = dpopOptions !== undefined ? createDpop(dpopOptions) : null;
    const modules = [
      ...(options.openid !== undefined ? [createOpenIdConnect(options.openid)] : []),
      ...(dpop ? [dpop] : []),
    ];
    for (const m of modules) {
      m.checkServer?.({ config, signingKeys: options.signingKeys ?? null });
    }
    this.#modules = modules;
    this.#dpop = dpop;
    const grants = options.grants ?? [
      ...(options.codes ? [createAuthorizationCodeGrant()] : []),
      ...(options.tokens ? [createRefreshTokenGrant()] : []),
      createClientCredentialsGrant(),
    ];
    for (const grant of grants) this.registerGrant(grant);
    for (const grant of modules.flatMap((m) => m.responseTypes ?? [])) this.registerGrant(grant);
    // Revocation and introspection read the token store: served when there is one.
    if (options.tokens && !this.#endpoints.has('revocation')) {
      this.registerEndpoint(createRevocationEndpoint());
    }
    if (options.introspection || (options.tokens && !this.#endpoints.has('introspection'))) {
      this.registerEndpoint(createIntrospectionEndpoint(options.introspection));
    }
    if (options.rateLimit) this.registerEndpoint(createRateLimitedTokenEndpoint(options.rateLimit));
    if (config.deviceAuthorization) {
      // RFC 8628: served when configured, over the deviceCodes store (checked just below).
      if (!this.#endpoints.has('device_authorization')) {
        this.registerEndpoint(createDeviceAuthorizationEndpoint());
      }
      if (!this.#grants.has(DEVICE_CODE_GRANT_TYPE)) this.registerGrant(createDeviceCodeGrant());
      this.#userCodeLimiter = options.rateLimit?.limiter ?? createMemoryRateLimiter();
    }
    if (options.registration !== undefined) {
      if (typeof options.tokens?.revokeClientTokens !== 'function') {
        throw new TypeError(
          'registration needs a tokens store with revokeClientTokens (a deleted client loses its tokens)',
        );
      }
      this.registerEndpoint(createClientRegistrationEndpoint(options.registration));
    }
    if (
      config.pushedAuthorizationRequests &&
      !this.#endpoints.has('pushed_authorization_request')
    ) {
      // RFC 9126: served when configured, over the pushedRequests store (checked just below);
      // its failed client authentications count with the token endpoint's (rule 31).
      const par = createPushedAuthorizationEndpoint();
      this.registerEndpoint(
        options.rateLimit ? withClientAuthRateLimit(par, options.rateLimit) : par,
      );
    }
    if (options.signingKeys !== undefined) {
      if (!isSigningKeySet(options.signingKeys)) {
        throw new TypeError('signingKeys must be a key set made by createSigningKeySet');
      }
      if (!this.#endpoints.has('jwks')) this.registerEndpoint(createJwksEndpoint());
    }
    checkJwtAccessTokenKeys(config, options.signingKeys);
    for (const endpoint of modules.flatMap((m) => m.endpoints ?? [])) {
      this.registerEndpoint(endpoint);
    }
    this.#checkWiring();
    this.#ready = Promise.all([
      loadGenerator(config.accessTokenGenerator, 'accessTokenGenerator'),
      loadGenerator(config.refreshTokenGenerator, 'refreshTokenGenerator'),
    ]).then(([access, refresh]) => {
      // The config's generator, unless the application registered its own default.
      if (!this.#customDefaultGenerator) {
        this.#generators.set(
          'default',
          createAccessTokenGenerator(
            config,
            options.signingKeys ?? null,
            createBearerTokenGenerator(config, access!, refresh),
          ),
        );
      }
    });
    this.#ready.catch(() => {});
    return this;
  }

  /**
   * Resolves once generator modules are loaded and the wiring is complete; rejects with a
   * `TypeError` otherwise (a generator that cannot load, a `config.endpoints` entry that
   * names no registered endpoint, a store a registered grant or endpoint needs).
   */
  get ready(): Promise<void> {
    return this.#ready.then(() => {
      this.#checkWiring();
      this.#checkConfiguredEndpoints();
    });
  }

  get config(): ResolvedConfig {
    if (!this.#config) throw new TypeError('AuthorizationServer is not initialised: call init()');
    return this.#config;
  }

  /**
   * Registers a grant (Authlib's `register_grant`): a token-endpoint grant by `grantType`, an
   * authorization-endpoint grant by `responseType`, or both (`authorization_code`). Replaces
   * any grant registered under the same key. The enabled modules' extensions for its grant
   * type (OpenID Connect's ID token) run after `extensions`.
   */
  registerGrant(grant: TokenGrant | AuthorizationGrant, own: GrantExtension[] = []): this {
    const g = grant as Partial<TokenGrant & AuthorizationGrant>;
    const isToken = typeof g?.grantType === 'string' && typeof g.createTokenResponse === 'function';
    const isAuthorization =
      typeof g?.responseType === 'string' && typeof g.createAuthorizationResponse === 'function';
    if (!isToken && !isAuthorization) {
      throw new TypeError(
        'registerGrant needs a grant with grantType + createTokenResponse, or responseType + createAuthorizationResponse',
      );
    }
    if (!Array.isArray(own)) throw new TypeError('registerGrant: extensions must be a list');
    if (this.#config?.profile === 'fapi2') refuseUnderFapi2(g);
    const extensions = [
      ...own,
      ...this.#modules.flatMap((m) => (isToken && m.grantExtensions?.[g.grantType!]) || []),
      ...this.#modules.flatMap((m) => (isToken && m.grantExtensions?.['*']) || []),
    ];
    const repeatable = new Set([
      ...(g.repeatableParameters ?? []),
      ...extensions.flatMap((e) => e.repeatableParameters ?? []),
    ]);
    if (this.#options) this.#checkStores(grant, `the ${g.grantType ?? g.responseType} grant`);
    if (isToken) {
      this.#grants.set(g.grantType!, { grant: grant as TokenGrant, extensions, repeatable });
    }
    if (isAuthorization) this.#responseTypes.set(g.responseType!, grant as AuthorizationGrant);
    this.#changed();
    return this;
  }

  /**
   * Registers (or replaces, by name) an endpoint: served by every binding at its `path`,
   * published in the metadata with its `metadataKey`, and by
   * {@link createEndpointResponse}. See {@link Endpoint}.
   */
  registerEndpoint(endpoint: Endpoint): this {
    checkEndpoint(endpoint);
    if (this.#options) this.#checkStores(endpoint, `the ${endpoint.name} endpoint`);
    this.#endpoints.set(endpoint.name, endpoint);
    this.#changed();
    return this;
  }

  /**
   * Adds an extension run for every authorization request, after the response type's own
   * checks (see {@link AuthorizationExtension}): parameters of your own, checks of the
   * approval, facts saved with the code in `authorization.extensions`.
   */
  registerAuthorizationExtension(extension: AuthorizationExtension): this {
    if (
      !extension ||
      (typeof extension.validateAuthorizationRequest !== 'function' &&
        typeof extension.approveAuthorizationRequest !== 'function')
    ) {
      throw new TypeError(
        'registerAuthorizationExtension needs validateAuthorizationRequest or approveAuthorizationRequest',
      );
    }
    this.#authorizationExtensions.push(extension);
    this.#changed();
    return this;
  }

  /** Adds (or replaces, by name) a client authentication method; see {@link ClientAuthMethod}. */
  registerClientAuthMethod(method: ClientAuthMethod): this {
    if (
      !method ||
      typeof method.name !== 'string' ||
      typeof method.detect !== 'function' ||
      typeof method.credentials !== 'function' ||
      typeof method.verify !== 'function'
    ) {
      throw new TypeError(
        'registerClientAuthMethod needs a method with name, detect, credentials and verify',
      );
    }
    const i = this.#authMethods.findIndex((m) => m.name === method.name);
    if (i === -1) this.#authMethods.push(method);
    else this.#authMethods[i] = method;
    this.#changed();
    return this;
  }

  /** The registered endpoints by name (read-only: register with {@link registerEndpoint}). */
  get endpoints(): ReadonlyMap<string, Endpoint> {
    return this.#endpoints;
  }

  /**
   * Grows by one whenever a grant, endpoint or client authentication method is registered
   * or the server is initialised: bindings that cache routes rebuild them when it changes.
   */
  get registryVersion(): number {
    return this.#registryVersion;
  }

  /**
   * The absolute URL of endpoint `name` (`authorization` included): `config.endpoints[name]`,
   * else the endpoint's own `path` below the issuer; `null` when it has neither.
   */
  endpointUrl(name: string): string | null {
    const config = this.config;
    const configured = config.endpoints[name];
    if (configured !== undefined) return configured;
    const path = this.#endpoints.get(name)?.path;
    return path === undefined ? null : endpointUrl(config.issuer, path);
  }

  #changed(): void {
    this.#internals = null;
    this.#registryVersion++;
  }

  /** Every grant, response type and endpoint has the stores it needs. */
  #checkWiring(): void {
    for (const { grant } of this.#grants.values()) {
      this.#checkStores(grant, `the ${grant.grantType} grant`);
    }
    for (const grant of this.#responseTypes.values()) {
      this.#checkStores(grant, `the ${grant.responseType} response type`);
    }
    for (const endpoint of this.#endpoints.values()) {
      this.#checkStores(endpoint, `the ${endpoint.name} endpoint`);
    }
  }

  #checkStores(part: { requiredStores?: readonly StoreName[] }, what: string): void {
    const options = this.#options;
    if (!options) return;
    for (const store of part.requiredStores ?? []) {
      if (!options[store]) {
        throw new TypeError(
          `${what} needs a ${store} store: pass \`${store}\` to the AuthorizationServer, or leave ${what} out`,
        );
      }
    }
  }

  /** Every `config.endpoints` entry names an endpoint that exists. */
  #checkConfiguredEndpoints(): void {
    for (const name of Object.keys(this.config.endpoints)) {
      if (name === 'authorization' || this.#endpoints.has(name)) continue;
      if (name === 'revocation' || name === 'introspection') continue; // served with a tokens store
      throw new TypeError(
        `config.endpoints.${name} names no registered endpoint (registered: ${[...this.#endpoints.keys()].join(', ')})`,
      );
    }
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

  /**
   * The framework-neutral form of {@link createEndpointResponse}, for bindings. Answers CORS
   * preflights and adds CORS headers for the endpoints that allow browsers.
   */
  createEndpointResponseRaw(name: string, input: Input): Promise<OAuth2Response> {
    // Not an async function on the common path: a request the binding already parsed, to a
    // ready server, with no CORS headers to add, gets the endpoint's own promise with one
    // `then` for its errors (no frame, and no turns for `parse` and for this function).
    if (!isWebRequest(input) && this.#internals !== null) {
      const endpoint = this.#endpoints.get(name);
      if (endpoint !== undefined && !this.#mayAddCors(endpoint, input)) {
        const internals = this.#internals;
        try {
          return Promise.resolve(endpoint.handle(input, internals)).then(undefined, (e) =>
            this.errorResponse(e, input),
          );
        } catch (e) {
          return promiseFrom(() => this.errorResponse(e, input));
        }
      }
    }
    return this.#endpointResponse(name, input);
  }

  /** Whether `request` may get CORS headers or a preflight answer at `endpoint`. */
  #mayAddCors(endpoint: Endpoint, request: OAuth2Request): boolean {
    if (!this.#corsOn(endpoint)) return false;
    return request.method === 'OPTIONS' || request.headers.get('origin') !== null;
  }

  /** Whether CORS is on for `endpoint`: it allows browsers and the config enables CORS. */
  #corsOn(endpoint: Endpoint | undefined): boolean {
    return endpoint?.cors === true && this.#config !== null && corsEnabled(this.#config.cors);
  }

  async #endpointResponse(name: string, input: Input): Promise<OAuth2Response> {
    const request = isWebRequest(input) ? await this.parse(input) : input;
    const endpoint = this.#endpoints.get(name);
    const cors = this.#corsOn(endpoint);
    const origin = cors ? request.headers.get('origin') : null;
    if (cors && request.method === 'OPTIONS') {
      return preflightResponse(endpoint!, origin, this.#config!.cors);
    }
    let response: OAuth2Response;
    try {
      if (!endpoint) throw new ServerError({ cause: new TypeError(`no endpoint named ${name}`) });
      // Built and ready after the first request: no await for it on the next ones.
      response = await endpoint.handle(request, this.#internals ?? (await this.#services()));
    } catch (e) {
      response = this.errorResponse(e, request);
    }
    if (origin === null) return response;
    const client = await this.#clientOf(request);
    return originAllowed(origin, this.#config!.cors, client)
      ? withCorsHeaders(response, origin)
      : response;
  }

  /**
   * The client behind a request, for the CORS check: the one it authenticated as, else the
   * one its `client_id` names (so a browser can read the error of a refused request).
   */
  async #clientOf(request: OAuth2Request): Promise<Client | null> {
    const authenticated = this.#requestClients.get(request);
    if (authenticated) return authenticated;
    if (!this.#config?.cors.clientOrigins || !this.#queryClient) return null;
    const clientId = request.form?.get('client_id');
    if (clientId === undefined) return null;
    try {
      return await this.#queryClient(clientId);
    } catch {
      return null; // the response already says what failed; no CORS is the safe side
    }
  }

  /**
   * Validates an authorization request for the consent page (Authlib's
   * `validate_consent_request`): resolves the client, scope, redirect URI and state to show,
   * or throws an `OAuth2Error` — answer it with {@link createAuthorizationErrorResponse}.
   * `interaction` says what the application knows of the end user's session (when they
   * signed in, whether they already consented): with OpenID Connect, `authorization.openid`
   * then says what `prompt` and `max_age` demand, and `prompt=none` errors are thrown here.
   */
  async validateConsentRequest(
    input: Input,
    endUser: User | null = null,
    interaction?: AuthorizationInteraction,
  ): Promise<AuthorizationRequest> {
    const request = await this.#parseAuthorization(input);
    const { authorization } = await validateAuthorizationRequest(
      request,
      await this.#services(),
      endUser,
      interaction,
    );
    return authorization;
  }

  /**
   * Answers the end user's decision (Authlib's `create_authorization_response`): redirects
   * with a code or token issued to `grantUser`, or with `access_denied` when it is `null`.
   * Invalid requests get an error page or an error redirect, as RFC 6749 4.1.2.1 says.
   * `interaction` tells the modules about the sign-in (OpenID Connect: pass
   * `extensions: { authTime, acr, amr }`, saved with the code for the ID token).
   */
  async createAuthorizationResponse(
    input: Input,
    grantUser: User | null,
    interaction?: AuthorizationInteraction,
  ): Promise<Response> {
    return toWebResponse(await this.createAuthorizationResponseRaw(input, grantUser, interaction));
  }

  /** The framework-neutral form of {@link createAuthorizationResponse}. */
  async createAuthorizationResponseRaw(
    input: Input,
    grantUser: User | null,
    interaction?: AuthorizationInteraction,
  ): Promise<OAuth2Response> {
    const request = await this.#parseAuthorization(input);
    try {
      return await createAuthorizationResponse(
        request,
        await this.#services(),
        grantUser,
        interaction,
      );
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

  /**
   * Looks up the user code a user entered on the verification page (RFC 8628 3.3), the
   * device-grant counterpart of {@link validateConsentRequest}: resolves the client and scope
   * to show, or throws an `OAuth2Error` (`invalid_grant` for any code that is not pending,
   * the same whether it exists or not; 429 once `caller.key` or the code had too many
   * failures). Needs `config.deviceAuthorization`.
   *
   * @example
   * const pending = await server.validateUserCode(form.user_code, { key: session.id });
   */
  async validateUserCode(
    userCode: string,
    caller: DeviceVerificationCaller,
  ): Promise<DeviceVerificationRequest> {
    return validateUserCode(await this.#deviceContext(), userCode, caller);
  }

  /**
   * The user approved the device (RFC 8628 3.3): the device's next poll gets tokens for
   * `user` with `approval.scope` (default: everything the device asked for).
   *
   * @example
   * await server.approveDeviceAuthorization(code, user, { key: session.id, scope: 'read' });
   */
  async approveDeviceAuthorization(
    userCode: string,
    user: User,
    approval: DeviceApproval,
  ): Promise<DeviceVerificationRequest> {
    return approveDeviceAuthorization(await this.#deviceContext(), userCode, user, approval);
  }

  /** The user denied the device: its next poll gets `access_denied` (RFC 8628 3.5). */
  async denyDeviceAuthorization(userCode: string, caller: DeviceVerificationCaller): Promise<void> {
    return denyDeviceAuthorization(await this.#deviceContext(), userCode, caller);
  }

  async #deviceContext() {
    const server = await this.#services();
    if (!this.#userCodeLimiter) {
      throw new TypeError('the device verification API needs config.deviceAuthorization');
    }
    return { server, limiter: this.#userCodeLimiter };
  }

  /** The metadata document (RFC 8414) as an object. */
  async metadata(): Promise<Record<string, unknown>> {
    return buildMetadata(await this.#services());
  }

  /**
   * A bearer-token validator over this server's token store that emits `tokenAuthenticated`
   * (see {@link createBearerTokenValidator}).
   */
  createBearerTokenValidator(): BearerTokenValidator {
    const tokens = this.#options?.tokens;
    if (!tokens) {
      throw new TypeError('createBearerTokenValidator needs the server to have a tokens store');
    }
    return createBearerTokenValidator(tokens, { realm: this.config.realm, events: this.events });
  }

  /**
   * A {@link ResourceProtector} with this server's error settings, over `validator`
   * (`createJwtBearerValidator(...)`, say), by default {@link createBearerTokenValidator}.
   * With the `dpop` option it accepts `Authorization: DPoP` with a proof (RFC 9449 7).
   */
  createResourceProtector(validator?: BearerTokenValidator): ResourceProtector {
    const config = this.config;
    return new ResourceProtector(validator ?? this.createBearerTokenValidator(), config, {
      realm: config.realm,
      issuer: config.issuer,
      ...(this.#dpop ? { dpop: this.#dpop.checker } : {}),
    });
  }

  /**
   * Deletes expired tokens, codes and pushed requests from this server's `tokens`, `codes`
   * and `pushedRequests` stores every `intervalSeconds` (see
   * {@link startExpiredRecordCleanup}); returns `stop()`.
   *
   * @example
   * const stop = server.startExpiredRecordCleanup({ onError: (e) => log.warn(e) });
   */
  startExpiredRecordCleanup(options?: ExpiredRecordCleanupOptions): () => Promise<void> {
    return startExpiredRecordCleanup(
      {
        tokens: this.#options?.tokens,
        codes: this.#options?.codes,
        pushedRequests: this.#options?.pushedRequests,
      },
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
  async #services(): Promise<GrantContextServices> {
    if (!this.#config) {
      throw new ServerError({ cause: new TypeError('AuthorizationServer is not initialised') });
    }
    await this.#ready;
    if (this.#internals) return this.#internals;
    const options = this.#options!;
    const config = this.#config;
    const generators = this.#generators;
    const saveToken = this.#saveToken!;
    const queryUser = options.queryUser ?? (async (id: string) => userFromId(id));
    // Checked at start-up (requiredStores): only a part that declared nothing gets here.
    const require = <K extends StoreName>(name: K): Stores[K] => {
      const store = options[name];
      if (!store) throw new ServerError({ cause: new TypeError(`no ${name} store configured`) });
      return store as Stores[K];
    };
    const services: GrantServices = {
      config,
      events: this.events,
      tokens: () => require('tokens'),
      codes: () => require('codes'),
      store: (name) => require(name) as NonNullable<Stores[typeof name]>,
      // The generator's own promise (or value) handed on, without an async wrapper's turns.
      generateToken: (input) =>
        promiseFrom(() => (generators.get(input.grantType) ?? generators.get('default')!)(input)),
      // Fail closed for every grant, custom ones included: a store failure is a 503.
      saveToken:
        options.saveToken === undefined && options.tokens
          ? saveTokenFailingClosed(options.tokens, saveToken)
          : (token, request) => callStore(() => saveToken(token, request)),
      ...redeemCodeService(options),
      queryUser: (id) => callStore(() => queryUser(id)),
      now: () => new Date(),
      signingKeys: options.signingKeys ?? null,
      endpointUrl: (name) => this.endpointUrl(name),
    };
    const queryClient = this.#queryClient!;
    // What each endpoint accepts, worked out once per registry state: the methods, and their
    // names; with the endpoint's URL, which takes two URL parses to make.
    const acceptedBy = new Map<
      string,
      { methods: readonly ClientAuthMethod[]; options: AuthenticateClientOptions }
    >();
    const accepted = (name: string) => {
      let found = acceptedBy.get(name);
      if (!found) {
        const accepts = this.#endpoints.get(name)?.clientAuth?.accepts;
        // FAPI 2.0 5.3.2.1: private_key_jwt (or mutual TLS) at every endpoint, no secrets.
        const profileAllows = (m: ClientAuthMethod) =>
          config.profile !== 'fapi2' || FAPI2_CLIENT_AUTH_METHODS.has(m.name);
        const methods = this.#authMethods.filter(
          (m) => profileAllows(m) && (!accepts || accepts(m)),
        );
        found = {
          methods,
          // What authenticateClient is told for this endpoint, the same object every time.
          options: {
            methods: this.#authMethods,
            allowed: new Set(methods.map((m) => m.name)),
            queryClient,
            endpoint: name,
            endpointUrl: this.endpointUrl(name),
            config,
            services,
          },
        };
        acceptedBy.set(name, found);
      }
      return found;
    };
    // Only a CORS check reads which client a request authenticated as.
    const rememberClient = corsEnabled(config.cors);
    const internals: GrantContextServices = {
      config,
      grants: this.#grants,
      responseTypes: this.#responseTypes,
      authorizationExtensions: [
        ...this.#authorizationExtensions,
        ...this.#modules.flatMap(
          (m): readonly AuthorizationExtension[] => m.authorizationExtensions ?? [],
        ),
      ],
      modules: this.#modules,
      dpop: this.#dpop?.checker ?? null,
      endpoints: this.#endpoints,
      clientAuthMethods: this.#authMethods,
      queryClient,
      events: this.events,
      services,
      stores: {
        clients: options.clients as ClientStore,
        tokens: options.tokens,
        codes: options.codes,
        deviceCodes: options.deviceCodes,
        pushedRequests: options.pushedRequests,
      },
      endpointUrl: (name) => this.endpointUrl(name),
      clientAuthMethodsFor: (name) => accepted(name).methods,
      // Not an async function: authenticateClient's promise handed on, with one `then` only
      // when something needs the outcome (the CORS check, a clientAuthenticated listener).
      authenticateClient: (request, name): Promise<AuthenticatedClient> => {
        const authenticated = authenticateClient(request, accepted(name).options);
        if (!rememberClient && !this.events.has('clientAuthenticated')) return authenticated;
        return authenticated.then((result) => {
          if (rememberClient) this.#requestClients.set(request, result.client);
          if (this.events.has('clientAuthenticated')) {
            this.events.emit('clientAuthenticated', { ...result, request });
          }
          return result;
        });
      },
    };
    this.#internals = internals;
    return internals;
  }
}

/**
 * FAPI 2.0 5.3.2.1 and 5.3.2.2: no resource owner password grant, and `response_type=code`
 * alone (no implicit or hybrid flow: tokens never leave through the front channel).
 */
function refuseUnderFapi2(g: { grantType?: string; responseType?: string }): void {
  if (g.grantType !== undefined && FAPI2_REFUSED_GRANT_TYPES.has(g.grantType)) {
    throw new TypeError(
      `registerGrant: the ${g.grantType} grant is not allowed under profile "fapi2" (FAPI 2.0 5.3.2.1)`,
    );
  }
  if (g.responseType !== undefined && g.responseType !== 'code') {
    throw new TypeError(
      `registerGrant: response_type "${g.responseType}" is not allowed under profile "fapi2" (code only, FAPI 2.0 5.3.2.2)`,
    );
  }
}

/** A server (or one of its resources) issuing JWT access tokens cannot start without keys. */
function checkJwtAccessTokenKeys(config: ResolvedConfig, keys: SigningKeySet | undefined): void {
  if (keys !== undefined) return;
  if (config.accessTokenFormat === 'jwt') {
    throw new TypeError('config.accessTokenFormat "jwt" needs the signingKeys option');
  }
  for (const resource of config.resources.values()) {
    if (resource.format === 'jwt') {
      throw new TypeError(
        `config.resources["${resource.indicator}"].format "jwt" needs the signingKeys option`,
      );
    }
  }
}

/** Caller mistakes in an endpoint's declaration, found when it is registered. */
function checkEndpoint(endpoint: Endpoint): void {
  if (!endpoint || typeof endpoint.name !== 'string' || typeof endpoint.handle !== 'function') {
    throw new TypeError('registerEndpoint needs an endpoint with name and handle');
  }
  const where = `registerEndpoint(${endpoint.name})`;
  if (endpoint.name === 'authorization') {
    throw new TypeError(`${where}: the authorization endpoint is served with the app's hooks`);
  }
  for (const key of ['path', 'wellKnown', 'metadataKey'] as const) {
    const value = endpoint[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(`${where}: ${key} must be a non-empty string`);
    }
  }
  if (endpoint.wellKnown !== undefined && !endpoint.wellKnown.startsWith('/.well-known/')) {
    throw new TypeError(`${where}: wellKnown must start with /.well-known/`);
  }
  if (
    endpoint.methods !== undefined &&
    (!Array.isArray(endpoint.methods) ||
      endpoint.methods.length === 0 ||
      endpoint.methods.some((m) => typeof m !== 'string' || !/^[A-Z]+$/.test(m)))
  ) {
    throw new TypeError(`${where}: methods must be a non-empty list such as ['GET', 'POST']`);
  }
}

/** Whether `input` is a Fetch `Request` (still to be read), not an already parsed request. */
function isWebRequest(input: Input): input is Request {
  return typeof Request !== 'undefined' && input instanceof Request;
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
