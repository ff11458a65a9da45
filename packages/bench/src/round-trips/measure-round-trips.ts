import { createCachedClientStore, type Stores } from '@oauthkit/core';
import { createOAuth2Request } from '@oauthkit/core/binding';
import { BASIC_AUTHORIZATION, codeExchangeBody, SCOPE } from '../fixtures.js';
import { createBenchAuthorizationServer, saveBenchCode } from '../oauthkit-bench-server.js';
import type { StatementLog } from './statement-log.js';

/** The operations whose round trips are counted, in the order of the table. */
export const OPERATIONS = [
  'client_authentication',
  'client_credentials',
  'code_exchange',
  'refresh',
  'refresh_rotation',
  'bearer',
  'introspection',
  'revocation_access',
  'revocation_refresh',
] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** What each operation sent: its statements (or Redis commands), in order. */
export type RoundTrips = Record<Operation, string[]>;

const FORM = 'application/x-www-form-urlencoded';

/**
 * Runs each operation through an oauthkit server over `stores` (as the bench configures it,
 * in-process, one request at a time) and returns what `log` saw each one send. Every
 * operation runs once before it is counted, so that connecting, loading scripts or preparing
 * statements is not counted. `client_authentication` is what the client lookup of one
 * authenticated request sends: part of every other count but `bearer`. `refresh` is the
 * default for confidential clients (a new access token, the refresh token kept);
 * `refresh_rotation` rotates (`rotateConfidentialRefreshTokens`, always for public clients).
 * With `cacheClients`, the clients are read through `createCachedClientStore`.
 */
export async function measureRoundTrips(
  stores: Stores,
  log: StatementLog,
  options: { cacheClients?: boolean } = {},
): Promise<RoundTrips> {
  let lookup: string[] = [];
  const clients = stores.clients;
  const found: Stores['clients'] = {
    ...clients,
    async findClient(clientId) {
      const mark = log.size();
      try {
        return await clients.findClient(clientId);
      } finally {
        lookup = log.since(mark);
      }
    },
    saveClient: (record) => clients.saveClient(record),
    deleteClient: (clientId) => clients.deleteClient(clientId),
  };
  const counted: Stores = {
    ...stores,
    clients: options.cacheClients ? createCachedClientStore(found) : found,
  };
  const servers = {
    plain: await createBenchAuthorizationServer(counted),
    rotating: await createBenchAuthorizationServer(counted, undefined, {
      rotateConfidentialRefreshTokens: true,
    }),
  };
  const server = servers.plain;
  const protector = server.createResourceProtector();
  const post = async (endpoint: string, path: string, body: string, on = server) => {
    const request = createOAuth2Request({
      method: 'POST',
      url: path,
      headers: { 'content-type': FORM, authorization: BASIC_AUTHORIZATION },
      body: new TextEncoder().encode(body),
    });
    const response = await on.createEndpointResponseRaw(endpoint, request);
    if (response.status !== 200) {
      throw new Error(`${endpoint} answered ${response.status}: ${response.body}`);
    }
    return JSON.parse(response.body || '{}') as Record<string, unknown>;
  };
  const clientCredentials = () =>
    post('token', '/token', `grant_type=client_credentials&scope=${SCOPE}`);
  const exchange = async () => {
    const code = await saveBenchCode(stores);
    log.take();
    return post('token', '/token', codeExchangeBody(code));
  };
  const refresh = (token: unknown, on = server) =>
    post('token', '/token', `grant_type=refresh_token&refresh_token=${String(token)}`, on);
  const bearer = async (token: unknown) => {
    const request = createOAuth2Request({
      method: 'GET',
      url: '/resource',
      headers: { authorization: `Bearer ${String(token)}` },
    });
    const result = await protector.protect(request, [SCOPE]);
    if (!result.ok) throw new Error('bearer validation failed');
  };
  const introspect = async (token: unknown) => {
    const body = await post('introspection', '/introspect', `token=${String(token)}`);
    if (body.active !== true) throw new Error('introspection: token inactive');
  };
  const revoke = (token: unknown, hint: string) =>
    post('revocation', '/revoke', `token=${String(token)}&token_type_hint=${hint}`);

  const measure = async (op: () => Promise<unknown>): Promise<string[]> => {
    lookup = [];
    log.take();
    await op();
    return log.take();
  };
  // One pass to warm up, one counted.
  let result: RoundTrips | undefined;
  for (let pass = 0; pass < 2; pass++) {
    const cc = await measure(clientCredentials);
    const authentication = lookup;
    const access = (await clientCredentials()).access_token;
    let tokens: Record<string, unknown> = {};
    const codeExchange = await measure(async () => {
      tokens = await exchange();
    });
    const refreshed = await measure(() => refresh(tokens.refresh_token));
    let rotated: Record<string, unknown> = {};
    const rotation = await measure(async () => {
      rotated = await refresh(tokens.refresh_token, servers.rotating);
    });
    if (typeof rotated.refresh_token !== 'string') throw new Error('no rotated refresh token');
    result = {
      client_authentication: authentication,
      client_credentials: cc,
      code_exchange: codeExchange,
      refresh: refreshed,
      refresh_rotation: rotation,
      bearer: await measure(() => bearer(access)),
      introspection: await measure(() => introspect(access)),
      revocation_access: await measure(() => revoke(access, 'access_token')),
      revocation_refresh: await measure(() => revoke(rotated.refresh_token, 'refresh_token')),
    };
  }
  return result!;
}

/** The number of statements of each operation. */
export function countRoundTrips(trips: RoundTrips): Record<Operation, number> {
  return Object.fromEntries(OPERATIONS.map((op) => [op, trips[op].length])) as Record<
    Operation,
    number
  >;
}
