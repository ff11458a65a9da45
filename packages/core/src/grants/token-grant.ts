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
}

/** Persists an issued token (Authlib's `save_token(token, request)`). */
export type SaveToken = (token: IssuedToken, request: SaveTokenRequest) => Promise<void>;

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
