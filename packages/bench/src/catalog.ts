/** The four measured operations. */
export const SCENARIOS = [
  'client_credentials',
  'code_exchange',
  'bearer',
  'introspection',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** What a row of the results is: the ceiling, a peer library, or oauthkit. */
export type ServerGroup = 'ceiling' | 'peer' | 'oauthkit';

/** One server under test. Each runs in its own child process (see `server-main.ts`). */
export interface ServerSpec {
  id: string;
  label: string;
  group: ServerGroup;
  /** What answers HTTP: compared like with like (node:http with node:http, Express with Express). */
  http: 'node:http' | 'express';
  /** Where tokens live, for the report. */
  store: string;
}

export const SERVERS: readonly ServerSpec[] = [
  { id: 'bare', label: 'bare node:http', group: 'ceiling', http: 'node:http', store: '-' },
  {
    id: 'bare-store',
    label: 'bare node:http + random token + Map',
    group: 'ceiling',
    http: 'node:http',
    store: 'Map',
  },
  {
    id: 'nos-http',
    label: '@node-oauth/oauth2-server',
    group: 'peer',
    http: 'node:http',
    store: 'memory',
  },
  {
    id: 'nos-express',
    label: '@node-oauth/express-oauth-server',
    group: 'peer',
    http: 'express',
    store: 'memory',
  },
  {
    id: 'oidc-provider',
    label: 'oidc-provider',
    group: 'peer',
    http: 'node:http',
    store: 'memory',
  },
  { id: 'kit-memory', label: 'oauthkit', group: 'oauthkit', http: 'node:http', store: 'memory' },
  {
    id: 'kit-express-memory',
    label: 'oauthkit Express',
    group: 'oauthkit',
    http: 'express',
    store: 'memory',
  },
  { id: 'kit-redis', label: 'oauthkit', group: 'oauthkit', http: 'node:http', store: 'Redis' },
  {
    id: 'kit-prisma',
    label: 'oauthkit',
    group: 'oauthkit',
    http: 'node:http',
    store: 'Prisma + PostgreSQL',
  },
  {
    id: 'kit-drizzle',
    label: 'oauthkit',
    group: 'oauthkit',
    http: 'node:http',
    store: 'Drizzle + PostgreSQL',
  },
];

/** node-oauth2-server, over node:http and through express-oauth-server. */
const NODE_OAUTH2 = ['nos-http', 'nos-express'];
/** oauthkit on each store, and through Express. */
const OAUTHKIT = ['kit-memory', 'kit-express-memory', 'kit-redis', 'kit-prisma', 'kit-drizzle'];

/**
 * Which servers run each scenario, and the ceiling its ratios divide by. node-oauth2-server
 * has no introspection endpoint; oidc-provider has no resource-server helper and its code
 * flow needs its interaction pages, so it runs client_credentials and introspection.
 */
export const SCENARIO_SERVERS: Record<ScenarioName, { ceiling: string; servers: string[] }> = {
  client_credentials: {
    ceiling: 'bare-store',
    servers: ['bare', 'bare-store', ...NODE_OAUTH2, 'oidc-provider', ...OAUTHKIT],
  },
  code_exchange: { ceiling: 'bare-store', servers: ['bare-store', ...NODE_OAUTH2, ...OAUTHKIT] },
  bearer: { ceiling: 'bare', servers: ['bare', ...NODE_OAUTH2, ...OAUTHKIT] },
  introspection: { ceiling: 'bare', servers: ['bare', 'oidc-provider', ...OAUTHKIT] },
};

export function serverSpec(id: string): ServerSpec {
  const spec = SERVERS.find((s) => s.id === id);
  if (!spec) throw new TypeError(`unknown server ${id}: one of ${SERVERS.map((s) => s.id)}`);
  return spec;
}

/** A row name for the report: label, store, binding. */
export function rowName(spec: ServerSpec): string {
  return spec.group === 'oauthkit' ? `${spec.label} (${spec.store})` : spec.label;
}
