import { readFileSync } from 'node:fs';
import {
  type AuthorizationServerConfig,
  type ClientRecord,
  type ClientStore,
  DEVICE_CODE_GRANT_TYPE,
  digestSecret,
  generateToken,
  redirectUriProblem,
  type SigningKeyInput,
  withMetadataDefaults,
} from '@oauthkit/core';
import type { UserClaims, UserDirectory } from './users.js';

/** A user as written in a seed file; the claims are kept for OpenID Connect (ID tokens, UserInfo). */
export interface SeedUser extends UserClaims {
  username: string;
  password: string;
}

/** The seed file (`OAUTHKIT_SEED`): users, clients, signing keys and server settings. */
export interface Seed {
  users?: SeedUser[];
  clients?: SeedClient[];
  /**
   * The server's private signing keys (JWKs, newest first: it signs, all are published at
   * `/jwks`). Absent: one ES256 key is generated into `OAUTHKIT_SIGNING_KEYS_FILE` on the
   * first start and reused after.
   */
  signingKeys?: SigningKeyInput[];
  /** The library's configuration, plus switches for the grants that are off by default. */
  server?: Partial<AuthorizationServerConfig> & {
    implicitGrant?: boolean;
    passwordGrant?: boolean;
    /** How often expired tokens and codes are deleted, in seconds (default 3600). */
    expiredRecordCleanupSeconds?: number;
    /**
     * Open dynamic client registration (RFC 7591, RFC 7592) at `/register`: on by default,
     * for public and confidential clients; `false` turns it off.
     */
    registration?: false | SeedRegistration;
  };
}

/** `server.registration` of a seed: what an open registration may ask for. */
export interface SeedRegistration {
  /** Default `client_secret_basic`, `client_secret_post` and `none` (public, PKCE). */
  tokenEndpointAuthMethods?: string[];
  /** The scopes a registered client may ask for; default the server's `scopesSupported`. */
  scopes?: string[];
  /** The scope of a registration that names none; default `''`. */
  defaultScope?: string;
  /** Seconds a registered client's secret lives; default `0`, never expires. */
  clientSecretExpiresIn?: number;
}

/** A client as written in a seed file: RFC 7591 names, on the wire. */
export interface SeedClient {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris?: string[];
  /** Where the end-session endpoint (`/logout`) may send the browser after logout. */
  post_logout_redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  scope?: string;
  token_endpoint_auth_method?: string;
  /** RFC 9126 6: this client's authorization requests must be pushed to `/par` first. */
  require_pushed_authorization_requests?: boolean;
}

/**
 * Every key a seed file may hold, by level (the `server` object also takes the library's
 * `AuthorizationServerConfig`). A key not listed stops the start: a misspelt
 * `post_logout_redirect_uris` must not register nothing in silence. Each is documented in
 * README.md (checked by test/seed-readme.test.ts).
 */
export const SEED_KEYS = {
  seed: ['users', 'clients', 'server', 'signingKeys'],
  user: ['username', 'password', 'name', 'email', 'email_verified'],
  client: [
    'client_id',
    'client_secret',
    'client_name',
    'redirect_uris',
    'post_logout_redirect_uris',
    'grant_types',
    'response_types',
    'scope',
    'token_endpoint_auth_method',
    'require_pushed_authorization_requests',
  ],
  server: ['implicitGrant', 'passwordGrant', 'expiredRecordCleanupSeconds', 'registration'],
} as const satisfies {
  seed: readonly (keyof Seed)[];
  user: readonly (keyof SeedUser)[];
  client: readonly (keyof SeedClient)[];
  server: readonly (keyof NonNullable<Seed['server']>)[];
};

/** Reads and checks a seed file; a mistake stops the start with a clear message. */
export function readSeed(path: string): Seed {
  let seed: unknown;
  try {
    seed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new TypeError(`OAUTHKIT_SEED: cannot read ${path} as JSON`, { cause });
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
    throw new TypeError('OAUTHKIT_SEED: the seed must be a JSON object');
  }
  checkKeys(seed, SEED_KEYS.seed, 'the seed');
  const { users, clients } = seed as Seed;
  for (const u of Array.isArray(users) ? users : []) checkKeys(u, SEED_KEYS.user, 'a seed user');
  for (const c of Array.isArray(clients) ? clients : [])
    checkKeys(c, SEED_KEYS.client, 'a seed client');
  return seed as Seed;
}

function checkKeys(value: unknown, known: readonly string[], what: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`OAUTHKIT_SEED: ${what} must be a JSON object`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `OAUTHKIT_SEED: ${what} has an unknown key "${key}" (known: ${known.join(', ')})`,
      );
    }
  }
}

/** A seed user's OpenID Connect claims, checked: strings, and a boolean `email_verified`. */
export function userClaimsFromSeed(u: SeedUser): UserClaims {
  const claims: UserClaims = {};
  for (const key of ['name', 'email'] as const) {
    const value = u[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`seed user ${u.username}: ${key} must be a non-empty string`);
    }
    claims[key] = value;
  }
  if (u.email_verified !== undefined) {
    if (typeof u.email_verified !== 'boolean') {
      throw new TypeError(`seed user ${u.username}: email_verified must be true or false`);
    }
    claims.email_verified = u.email_verified;
  }
  return claims;
}

/** The seed client as a stored record: its secret only as a digest. */
export function clientRecordFromSeed(c: SeedClient): ClientRecord {
  if (typeof c.client_id !== 'string' || c.client_id === '') {
    throw new TypeError('seed client without client_id');
  }
  for (const uri of c.redirect_uris ?? []) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new TypeError(`seed client ${c.client_id}: redirect URI ${uri} ${problem}`);
  }
  // The same registration rules as redirect URIs (SECURITY.md rules 3 and 33).
  for (const uri of c.post_logout_redirect_uris ?? []) {
    const problem = redirectUriProblem(uri);
    if (problem) {
      throw new TypeError(`seed client ${c.client_id}: post-logout redirect URI ${uri} ${problem}`);
    }
  }
  const requirePar = c.require_pushed_authorization_requests;
  if (requirePar !== undefined && typeof requirePar !== 'boolean') {
    throw new TypeError(
      `seed client ${c.client_id}: require_pushed_authorization_requests must be true or false`,
    );
  }
  const method = c.token_endpoint_auth_method ?? (c.client_secret ? 'client_secret_basic' : 'none');
  if (method !== 'none' && !c.client_secret) {
    throw new TypeError(`seed client ${c.client_id}: ${method} needs a client_secret`);
  }
  return {
    clientId: c.client_id,
    clientSecretDigest: method === 'none' ? null : digestSecret(c.client_secret!),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: withMetadataDefaults({
      redirectUris: c.redirect_uris ?? [],
      ...(c.grant_types ? { grantTypes: c.grant_types } : {}),
      ...(c.response_types ? { responseTypes: c.response_types } : {}),
      scope: c.scope ?? '',
      tokenEndpointAuthMethod: method,
      ...(c.client_name ? { clientName: c.client_name } : {}),
      ...(c.post_logout_redirect_uris
        ? { postLogoutRedirectUris: c.post_logout_redirect_uris }
        : {}),
      ...(requirePar ? { requirePushedAuthorizationRequests: true } : {}),
    }),
  };
}

/** Applies a seed: upserts users and clients (saving twice is harmless). */
export async function applySeed(seed: Seed, clients: ClientStore, users: UserDirectory) {
  for (const u of seed.users ?? []) {
    await users.upsert(u.username, u.password, userClaimsFromSeed(u));
  }
  for (const c of seed.clients ?? []) await clients.saveClient(clientRecordFromSeed(c));
}

/**
 * The seed used when none is given: one user and one public client for the OAuth
 * playground flow, with a password printed at start.
 */
export function demoSeed(issuer: string): Seed {
  return {
    users: [
      {
        username: 'demo',
        password: generateToken().slice(0, 16),
        name: 'Demo User',
        email: 'demo@example.com',
        email_verified: false,
      },
    ],
    clients: [
      {
        client_id: 'demo-app',
        client_name: 'Demo App',
        // The issuer's own callback unless it cannot be registered (http://localhost, say).
        redirect_uris: ['http://127.0.0.1:8080/callback', `${issuer}/callback`].filter(
          (uri) => redirectUriProblem(uri) === null,
        ),
        post_logout_redirect_uris: [`${issuer}/`].filter((uri) => redirectUriProblem(uri) === null),
        // The device grant too: try the device flow with this client at /device.
        grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
        response_types: ['code'],
        scope: 'openid profile email',
        token_endpoint_auth_method: 'none',
      },
    ],
    server: { refreshTokenGenerator: true, scopesSupported: ['openid', 'profile', 'email'] },
  };
}
