import type { ResolvedConfig } from '../config/server-config.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import type { AuthorizationCodeStore } from '../stores/authorization-code-store.js';
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
  generateToken(input: TokenGeneratorInput): IssuedToken;
  saveToken: SaveToken;
  /** The user behind a stored user id; `null` when the user no longer exists. */
  queryUser(userId: string): Promise<User | null>;
  now(): Date;
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
  /** Parameters that must not repeat besides the common ones. */
  readonly parameters?: readonly string[];
  createTokenResponse(context: TokenGrantContext): Promise<GrantResult>;
}

/** What a grant issued, and for whom. */
export interface GrantResult {
  token: IssuedToken;
  user: User | null;
}

/**
 * Extra behaviour for a registered grant (Authlib's grant extensions): runs after the grant
 * validated the request and before the token is generated.
 */
export interface GrantExtension {
  validateTokenRequest?(context: TokenGrantContext): Promise<void> | void;
}
