import type { ResolvedConfig } from '../config/server-config.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import type { SigningKeySet } from '../keys/signing-key-set.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import type {
  AuthorizationCodeStore,
  ConsumeCodeResult,
} from '../stores/authorization-code-store.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { StoreName, Stores } from '../stores/stores.js';
import type { TokenStore } from '../stores/token-store.js';
import type { TokenGeneratorInput } from '../tokens/bearer-token-generator.js';
import type { IssuedToken } from '../tokens/issued-token.js';

/** What `saveToken` is told about a token besides the token itself. */
export interface SaveTokenRequest {
  client: Client;
  user: User | null;
  grantType: string;
  /** The family the token belongs to (see `TokenRecord.familyId`). */
  familyId: string;
  issuedAt: Date;
  request: OAuth2Request;
  /**
   * Set when the token replaces a refresh token (rotation, RFC 9700 4.14.2). Saving it must
   * then exchange that refresh token in the same atomic step (`TokenStore.rotateRefreshToken`
   * at `issuedAt`): claim it if it is neither rotated nor revoked, and store the new tokens,
   * or do nothing. The new refresh token keeps `scope`, the scope of the one it replaces,
   * even when `token.scope` (the access token's) is narrower (RFC 6749 6).
   */
  replaces?: RefreshTokenReplacement;
  /**
   * What modules keep with the token (see {@link RecordExtensions}): the code's, or the
   * refreshed token's; `{}` when omitted.
   */
  extensions?: RecordExtensions;
}

/** What a rotated token replaces: see {@link SaveTokenRequest.replaces}. */
export interface RefreshTokenReplacement {
  /** Digest of the refresh token being exchanged. */
  refreshTokenDigest: string;
  /** The scope the new refresh token keeps. */
  scope: string;
}

/**
 * Persists an issued token (Authlib's `save_token(token, request)`). Every token the server
 * issues goes through it, rotated refresh tokens included, so a custom hook sees them all.
 * For a plain save it resolves `undefined` (or `true`). When `request.replaces` is set it
 * must perform the exchange atomically and resolve whether it won: `true` when the refresh
 * token was claimed and the new tokens stored, `false` when it was already rotated or
 * revoked (nothing stored). Any other answer to a rotation is refused by the server (503),
 * so a hook written without rotation in mind fails closed instead of leaving the old
 * refresh token valid. `saveTokenFromStore(tokens)` does all of this over a `TokenStore`.
 */
export type SaveToken = (
  token: IssuedToken,
  request: SaveTokenRequest,
  // biome-ignore lint/suspicious/noConfusingVoidType: hooks written as `async () => {}` stay valid
) => Promise<boolean | undefined | void>;

/** What the server lends a grant: configuration, stores and token machinery. */
export interface GrantServices {
  readonly config: ResolvedConfig;
  readonly events: ServerEventEmitter;
  /** The token store; grants that rotate or revoke need it. */
  tokens(): TokenStore;
  codes(): AuthorizationCodeStore;
  /**
   * Any store by name, for grants and endpoints that declared it in `requiredStores` (checked
   * at start-up): `services.store('deviceCodes')`.
   */
  store<K extends StoreName>(name: K): NonNullable<Stores[K]>;
  /** Makes the token to issue with the server's generator for `input.grantType`. */
  generateToken(input: TokenGeneratorInput): Promise<IssuedToken>;
  saveToken: SaveToken;
  /**
   * A code exchange's consume and save in one atomic step: present when the server saves
   * tokens in its token store (no custom `saveToken`) and its code store has
   * `redeemCode`. Consumes `codeDigest` at `request.issuedAt` and, only when this call consumed
   * it, saves the token (as `saveToken` would); resolves what `consumeCode` would, or
   * `undefined` when the store declined (then nothing was consumed or saved).
   */
  redeemCode?(
    token: IssuedToken,
    request: SaveTokenRequest,
    codeDigest: string,
  ): Promise<ConsumeCodeResult | undefined>;
  /** The user behind a stored user id; `null` when the user no longer exists. */
  queryUser(userId: string): Promise<User | null>;
  now(): Date;
  /** The server's signing keys (the `signingKeys` option); `null` when none were given. */
  readonly signingKeys: SigningKeySet | null;
  /**
   * The absolute URL of a registered endpoint (`token`, `authorization`, ...); `null` when
   * it has none. Optional for hand-made services; the server always provides it.
   */
  endpointUrl?(name: string): string | null;
}

/** A token request after client authentication, as a grant receives it. */
export interface TokenGrantContext {
  request: OAuth2Request;
  /** The form parameters (parsed once; duplicates already refused). */
  params: Params;
  client: Client;
  services: GrantServices;
}

/**
 * A grant served at the token endpoint (RFC 6749 4): one module per grant type, registered
 * with `server.registerGrant`. It validates its own parameters and returns the token; the
 * endpoint serialises it.
 */
export interface TokenGrant {
  readonly grantType: string;
  /** The parameters it reads (documentation and tooling; every one may appear once). */
  readonly parameters?: readonly string[];
  /**
   * Parameters that may be sent more than once (RFC 8707 `resource`, RFC 8693 `audience`):
   * read them with `params.getAll(name)`. Every other repeated parameter is refused with
   * `invalid_request` before the grant runs (RFC 6749 3.2).
   */
  readonly repeatableParameters?: readonly string[];
  /** The stores it cannot work without: a server missing one refuses to start. */
  readonly requiredStores?: readonly StoreName[];
  createTokenResponse(context: TokenGrantContext): Promise<GrantResult>;
}

/**
 * Fields a grant or an extension adds to a successful token response (RFC 6749 5.1 lets
 * extensions add parameters). Declared fields are typed; add your own by augmenting this
 * interface:
 *
 * @example
 * declare module '@oauthkit/core' {
 *   interface TokenResponseFields {
 *     my_field?: string;
 *   }
 * }
 */
export interface TokenResponseFields {
  /** OpenID Connect Core 1.0 3.1.3.3. */
  id_token?: string;
  /** RFC 8693 2.2.1. */
  issued_token_type?: string;
}

/** What a grant issued, and for whom. */
export interface GrantResult {
  token: IssuedToken;
  user: User | null;
  /** More fields for the token response; the standard ones cannot be replaced. */
  fields?: TokenResponseFields;
  /**
   * What the token was issued from, for extensions: the authorization request's `nonce`
   * (code exchange only) and the record extensions kept with the grant (OpenID Connect's
   * `auth_time`, requested claims). Set by `authorization_code` and `refresh_token`.
   */
  origin?: { nonce?: string | null; extensions: RecordExtensions };
}

/**
 * What {@link GrantExtension.bindToken} answers: what the token's record carries instead of
 * what the grant gave, and the `token_type` to issue it with.
 */
export interface TokenBinding {
  extensions: RecordExtensions;
  /** `DPoP` for a token bound to a DPoP key (RFC 9449 5); default the generator's. */
  tokenType?: IssuedToken['tokenType'];
}

/**
 * Extra behaviour for a registered grant (Authlib's grant extensions), in the order the
 * token endpoint runs them:
 * 1. `validateTokenRequest`: after client authentication and the endpoint's own checks
 *    (method, body, repeated parameters, the client's grant types), before the grant runs.
 *    Throw an `OAuth2Error` to refuse the request; nothing has been issued yet.
 * 2. the grant's `createTokenResponse` (which issues and saves the token); `bindToken` runs
 *    each time the grant generates a token, before the generator;
 * 3. `tokenResponseFields`: after the token was issued and saved, to add fields to the
 *    response (an ID token, say). It should not refuse: the token already exists.
 * 4. `tokenResponseHeaders`: headers of the successful response.
 */
export interface GrantExtension {
  /** Parameters this extension allows to repeat, like the grant's own. */
  readonly repeatableParameters?: readonly string[];
  validateTokenRequest?(context: TokenGrantContext): Promise<void> | void;
  /**
   * Called with what the grant is about to generate, for every grant (custom ones included):
   * the record extensions it carries (the code's, or the refreshed token's) may be changed
   * (a key binding, RFC 9449 `cnf.jkt`) and the token type set. The generator sees the
   * answer (a JWT access token carries it) and the token is saved with it. Throw an
   * `OAuth2Error` to refuse: the grant may already have used up a code.
   */
  bindToken?(
    context: TokenGrantContext,
    input: TokenGeneratorInput,
  ): TokenBinding | undefined | Promise<TokenBinding | undefined>;
  tokenResponseFields?(
    context: TokenGrantContext,
    result: GrantResult,
  ): TokenResponseFields | undefined | Promise<TokenResponseFields | undefined>;
  /** Headers for the successful token response (RFC 9449 `DPoP-Nonce`, say). */
  tokenResponseHeaders?(
    context: TokenGrantContext,
    result: GrantResult,
  ): Record<string, string> | undefined;
}
