import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { openStores } from '@oauthkit/cli';
import {
  AuthorizationServer,
  type AuthorizationServerConfig,
  type ClientRegistrationOptions,
  createEndSessionEndpoint,
  createImplicitGrant,
  createMemoryRateLimiter,
  createPasswordGrant,
  type DeviceAuthorizationConfig,
} from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createApp } from './app.js';
import { exampleEndSession } from './end-session.js';
import { openSqlite } from './open-sqlite.js';
import { applySeed, demoSeed, readSeed, type Seed, type SeedRegistration } from './seed.js';
import { createSessions } from './sessions.js';
import { loadSigningKeys } from './signing-keys.js';
import { createUserDirectory } from './users.js';

// Set by the HTTP server from the socket (overwriting whatever a client sent under this name).
const ADDRESS_HEADER = 'x-oauthkit-example-peer';

/** Starts the example server from environment variables; resolves once it listens. */
export async function start(env: NodeJS.ProcessEnv = process.env) {
  const host = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  const issuer = (
    env.ISSUER ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/$/, '');
  const seed: Seed = env.OAUTHKIT_SEED ? readSeed(env.OAUTHKIT_SEED) : demoSeed(issuer);
  const {
    implicitGrant,
    passwordGrant,
    expiredRecordCleanupSeconds,
    registration,
    ...serverConfig
  } = seed.server ?? {};

  // The embedded SQLite store is opened here, hardened (see open-sqlite.ts); others by the CLI.
  const kind = env.OAUTHKIT_STORE ?? 'sqlite';
  const opened =
    kind === 'sqlite' || (kind === 'drizzle' && !env.DATABASE_URL)
      ? await openSqlite(env.OAUTHKIT_SQLITE_FILE ?? resolve(process.cwd(), '.data/oauthkit.db'))
      : await openStores(env);
  const users = createUserDirectory();
  await applySeed(seed, opened.stores.clients, users);
  // ID tokens, /jwks and logout's id_token_hint: the seed's keys, or ones kept in .data/.
  const signingKeys = await loadSigningKeys({
    seedKeys: seed.signingKeys,
    file: env.OAUTHKIT_SIGNING_KEYS_FILE ?? resolve(process.cwd(), '.data/signing-keys.json'),
  });
  const secure = issuer.startsWith('https:');
  const sessions = createSessions({ secure });

  const config: AuthorizationServerConfig = {
    ...serverConfig,
    issuer,
    ...deviceAuthorization(issuer, serverConfig.deviceAuthorization),
    // Pushed authorization requests (RFC 9126) at /par, on by default here.
    pushedAuthorizationRequests: serverConfig.pushedAuthorizationRequests ?? {},
  };
  // One process: failures are counted in memory. Several instances would share a
  // createRedisRateLimiter from @oauthkit/redis instead.
  const limiter = createMemoryRateLimiter();
  const server = new AuthorizationServer({
    ...opened.stores,
    // Every store kind openStores opens has device codes; stores an OAUTHKIT_CONFIG module
    // returns without them fall back to this process (lost on restart, not shared).
    deviceCodes: opened.stores.deviceCodes ?? createMemoryStores().deviceCodes,
    // Likewise for pushed authorization requests (a Prisma client without the model, say).
    pushedRequests: opened.stores.pushedRequests ?? createMemoryStores().pushedRequests,
    config,
    queryUser: (id) => users.findById(id),
    signingKeys,
    // OpenID Connect: ID tokens, /userinfo and discovery, with the seed user's claims
    // (name, email, email_verified); only the claims a client was granted are released.
    openid: {
      findClaims: async (user) => (await users.findById(user.getUserId()))?.claims ?? null,
    },
    // Open dynamic client registration (RFC 7591) of public and confidential clients, and
    // RFC 7592 management with the registration access token; `registration: false` in the
    // seed's server settings turns it off.
    ...(registration === false ? {} : { registration: openRegistration(registration) }),
    // DPoP (RFC 9449): a token request with a DPoP proof gets tokens bound to its key, and
    // /api/me and /userinfo then want `Authorization: DPoP` with a proof. One process: the
    // proof ids are kept in memory; several instances would share a store's ReplayStore
    // (createRedisReplayStore, createPrismaReplayStore, ...) and a `nonce.secret`.
    dpop: {},
    // The token endpoint sees no socket: the address comes from the app (see createApp).
    rateLimit: {
      limiter,
      clientAddress: (request) => request.headers.get(ADDRESS_HEADER) ?? undefined,
    },
  });
  server.registerEndpoint(createEndSessionEndpoint({ endSession: exampleEndSession(sessions) }));
  if (implicitGrant) server.registerGrant(createImplicitGrant());
  if (passwordGrant) {
    server.registerGrant(
      createPasswordGrant({ authenticateUser: (u, p) => users.authenticate(u, p) }),
    );
  }
  await server.ready;

  const handle = createApp({ server, users, sessions, origin: issuer, loginLimiter: limiter });
  const stopCleanup = server.startExpiredRecordCleanup({
    intervalSeconds: expiredRecordCleanupSeconds,
    onError: (error) => console.error('[example] expired-record cleanup failed', error),
  });
  const sweep = setInterval(() => sessions.sweep(), 60_000);
  sweep.unref();
  const http = createServer((req, res) => {
    // The socket address, for the token endpoint's per-address limit; never a client's header.
    req.headers[ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    handle(req, res).catch((error) => {
      console.error('[example] request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal Server Error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const address = http.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    issuer,
    seed,
    store: opened.kind,
    async close() {
      clearInterval(sweep);
      await stopCleanup();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await opened.close();
    },
  };
}

/**
 * The device flow (RFC 8628), verified at this server's own `/device` page; the seed's
 * `server.deviceAuthorization` may set `deviceCodeExpiresIn` and `intervalSeconds`. Off when
 * the issuer is plain http on a host other than loopback (the library refuses such a page).
 */
function deviceAuthorization(
  issuer: string,
  given: Partial<DeviceAuthorizationConfig> | undefined,
): Pick<AuthorizationServerConfig, 'deviceAuthorization'> {
  const verificationUri = given?.verificationUri ?? `${issuer}/device`;
  const { protocol, hostname } = new URL(verificationUri);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  if (given === undefined && protocol !== 'https:' && !loopback) return {};
  return { deviceAuthorization: { ...given, verificationUri } };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const running = await start();
  console.log(`oauthkit example authorization server on ${running.url} (store: ${running.store})`);
  console.log(`  metadata: ${running.issuer}/.well-known/oauth-authorization-server`);
  if (!process.env.OAUTHKIT_SEED) {
    const user = running.seed.users![0]!;
    const client = running.seed.clients![0]!;
    console.log(`  demo user:   ${user.username} / ${user.password}`);
    console.log(
      `  demo client: ${client.client_id} (public, PKCE), redirect ${client.redirect_uris!.at(-1)}`,
    );
  }
  const stop = () => running.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The example's registration: open (anyone who can reach it may register: a local demo),
 * for public and confidential clients unless the seed narrows `tokenEndpointAuthMethods`.
 */
function openRegistration(given: SeedRegistration = {}): ClientRegistrationOptions {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError('OAUTHKIT_SEED: server.registration must be false or an object');
  }
  const known = ['tokenEndpointAuthMethods', 'scopes', 'defaultScope', 'clientSecretExpiresIn'];
  const unknown = Object.keys(given).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(`OAUTHKIT_SEED: unknown key "${unknown}" in server.registration`);
  }
  return {
    access: 'open',
    tokenEndpointAuthMethods: given.tokenEndpointAuthMethods ?? [
      'client_secret_basic',
      'client_secret_post',
      'none',
    ],
    ...(given.scopes !== undefined ? { scopes: given.scopes } : {}),
    ...(given.defaultScope !== undefined ? { defaultScope: given.defaultScope } : {}),
    ...(given.clientSecretExpiresIn !== undefined
      ? { clientSecretExpiresIn: given.clientSecretExpiresIn }
      : {}),
  };
}
