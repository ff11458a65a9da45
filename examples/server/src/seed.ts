import { readFileSync } from 'node:fs';
import {
  type AuthorizationServerConfig,
  type ClientRecord,
  type ClientStore,
  digestSecret,
  generateToken,
  redirectUriProblem,
  withMetadataDefaults,
} from '@oauthkit/core';
import type { UserDirectory } from './users.js';

/** The seed file (`OAUTHKIT_SEED`): users, clients and server settings. */
export interface Seed {
  users?: { username: string; password: string }[];
  clients?: SeedClient[];
  /** The library's configuration, plus switches for the grants that are off by default. */
  server?: Partial<AuthorizationServerConfig> & {
    implicitGrant?: boolean;
    passwordGrant?: boolean;
    /** How often expired tokens and codes are deleted, in seconds (default 3600). */
    expiredRecordCleanupSeconds?: number;
  };
}

/** A client as written in a seed file: RFC 7591 names, on the wire. */
export interface SeedClient {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  scope?: string;
  token_endpoint_auth_method?: string;
}

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
  return seed as Seed;
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
    }),
  };
}

/** Applies a seed: upserts users and clients (saving twice is harmless). */
export async function applySeed(seed: Seed, clients: ClientStore, users: UserDirectory) {
  for (const u of seed.users ?? []) await users.upsert(u.username, u.password);
  for (const c of seed.clients ?? []) await clients.saveClient(clientRecordFromSeed(c));
}

/**
 * The seed used when none is given: one user and one public client for the OAuth
 * playground flow, with a password printed at start.
 */
export function demoSeed(issuer: string): Seed {
  return {
    users: [{ username: 'demo', password: generateToken().slice(0, 16) }],
    clients: [
      {
        client_id: 'demo-app',
        client_name: 'Demo App',
        // The issuer's own callback unless it cannot be registered (http://localhost, say).
        redirect_uris: ['http://127.0.0.1:8080/callback', `${issuer}/callback`].filter(
          (uri) => redirectUriProblem(uri) === null,
        ),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'profile',
        token_endpoint_auth_method: 'none',
      },
    ],
    server: { refreshTokenGenerator: true, scopesSupported: ['profile'] },
  };
}
