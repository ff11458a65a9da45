// The core's own cost per request, in-process and without HTTP: what a profile of the
// servers points at, measured without the load generator's noise. Each round uses a fresh
// server over fresh memory stores (so stored tokens do not pile up between rounds). With a
// store (drizzle-pg, prisma-pg, redis), the same over that store on a database of its own:
// the CPU of this process per request (the database's own CPU is not in it).
// Over a store, clients are read through createCachedClientStore unless the 5th argument is
// `no-client-cache`.
//   pnpm tsx --conditions=source packages/bench/src/core-microbench.ts [requests per round] [scenario|all] [store] [no-client-cache]
import {
  createCachedClientStore,
  createJwtBearerValidator,
  createSigningKeySet,
  generateSigningJwk,
  ResourceProtector,
} from '@oauthkit/core';
import { createOAuth2Request } from '@oauthkit/core/binding';
import { createMemoryStores } from '@oauthkit/core/testing';
import type { ScenarioName } from './catalog.js';
import { BASIC_AUTHORIZATION, codeExchangeBody, SCOPE } from './fixtures.js';
import { median } from './median.js';
import { createBenchAuthorizationServer, saveBenchCode } from './oauthkit-bench-server.js';
import {
  COUNTED_STORES,
  type CountedStore,
  openCountedStores,
} from './round-trips/open-counted-stores.js';

const perRound = Number(process.argv[2] ?? 20_000);
const only = process.argv[3] === 'all' ? undefined : process.argv[3];
const storeKind = process.argv[4] as CountedStore | undefined;
if (storeKind !== undefined && !COUNTED_STORES.includes(storeKind)) {
  throw new TypeError(`unknown store ${storeKind} (${COUNTED_STORES.join(', ')})`);
}
const cacheClients = process.argv[5] !== 'no-client-cache';
const database = storeKind === undefined ? undefined : await openCountedStores(storeKind);
const FORM = 'application/x-www-form-urlencoded';
const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);

/** The core's scenarios, and the same with RFC 9068 JWT access tokens (`jwt_*`). */
type MicroScenario =
  | ScenarioName
  | 'jwt_client_credentials'
  | 'jwt_bearer_store'
  | 'jwt_bearer_local'
  | 'jwt_introspection';

async function setup(jwt = false) {
  const stores = database
    ? cacheClients
      ? { ...database.stores, clients: createCachedClientStore(database.stores.clients) }
      : database.stores
    : createMemoryStores();
  const server = await createBenchAuthorizationServer(stores, jwt ? signingKeys : undefined);
  const post = (url: string, body: string) =>
    createOAuth2Request({
      method: 'POST',
      url,
      headers: { 'content-type': FORM, authorization: BASIC_AUTHORIZATION },
      body: new TextEncoder().encode(body),
    });
  const issued = await server.createEndpointResponseRaw(
    'token',
    post('/token', `grant_type=client_credentials&scope=${SCOPE}`),
  );
  const accessToken = (JSON.parse(issued.body) as { access_token: string }).access_token;
  return { stores, server, post, accessToken };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Builds the `perRound` operations of a round up front, so that only the core is timed. */
async function prepare(scenario: MicroScenario, s: Setup): Promise<(() => Promise<number>)[]> {
  const protector =
    scenario === 'jwt_bearer_local'
      ? new ResourceProtector(
          createJwtBearerValidator({
            issuer: 'http://127.0.0.1',
            audience: 'http://127.0.0.1',
            jwks: signingKeys.jwks(),
          }),
        )
      : s.server.createResourceProtector();
  const ops: (() => Promise<number>)[] = [];
  for (let i = 0; i < perRound; i++) {
    if (scenario === 'client_credentials' || scenario === 'jwt_client_credentials') {
      ops.push(async () => {
        const request = s.post('/token', `grant_type=client_credentials&scope=${SCOPE}`);
        return (await s.server.createEndpointResponseRaw('token', request)).status;
      });
    } else if (scenario === 'code_exchange') {
      const seeded = await saveBenchCode(s.stores);
      ops.push(async () => {
        const request = s.post('/token', codeExchangeBody(seeded));
        return (await s.server.createEndpointResponseRaw('token', request)).status;
      });
    } else if (
      scenario === 'bearer' ||
      scenario === 'jwt_bearer_store' ||
      scenario === 'jwt_bearer_local'
    ) {
      ops.push(async () => {
        const request = createOAuth2Request({
          method: 'GET',
          url: '/resource',
          headers: { authorization: `Bearer ${s.accessToken}` },
        });
        return (await protector.protect(request, [SCOPE])).ok ? 200 : 401;
      });
    } else {
      ops.push(async () => {
        const request = s.post('/introspect', `token=${s.accessToken}`);
        return (await s.server.createEndpointResponseRaw('introspection', request)).status;
      });
    }
  }
  return ops;
}

for (const scenario of [
  'client_credentials',
  'code_exchange',
  'bearer',
  'introspection',
  'jwt_client_credentials',
  'jwt_bearer_store',
  'jwt_bearer_local',
  'jwt_introspection',
] as const) {
  if (only !== undefined && scenario !== only) continue;
  if (database && only === undefined && scenario.startsWith('jwt_')) continue;
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    const ops = await prepare(scenario, await setup(scenario.startsWith('jwt_')));
    // CPU time rather than wall time: the machine is shared, and waiting for a core is not
    // the core's cost.
    const start = process.cpuUsage();
    for (const op of ops) {
      const status = await op();
      if (status !== 200) throw new Error(`${scenario} answered ${status}`);
    }
    const used = process.cpuUsage(start);
    // The first round warms the JIT up.
    if (round > 0) rounds.push((used.user + used.system) / perRound);
  }
  console.log(
    `${scenario.padEnd(24)} ${median(rounds).toFixed(1).padStart(6)} µs CPU/request (median of ${rounds.length} rounds of ${perRound})`,
  );
}
await database?.close();
