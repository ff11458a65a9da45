import type { ScenarioName } from './catalog.js';
import { BASIC_AUTHORIZATION, codeExchangeBody, SCOPE } from './fixtures.js';
import type { RequestPlan } from './run-load.js';
import type { ServerProcess } from './server-process.js';

const FORM = 'application/x-www-form-urlencoded';

/** Whether `server` serves `scenario` (has the route it needs). */
export function serves(server: ServerProcess, scenario: ScenarioName): boolean {
  const { routes } = server;
  switch (scenario) {
    case 'client_credentials':
      return routes.token !== undefined;
    case 'code_exchange':
      return routes.token !== undefined && server.canSeed;
    case 'bearer':
      return routes.token !== undefined && routes.resource !== undefined;
    case 'introspection':
      return routes.token !== undefined && routes.introspection !== undefined;
  }
}

/** The token every bearer and introspection request carries: one the server issued itself. */
export async function issueAccessToken(server: ServerProcess): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}${server.routes.token}`, {
    method: 'POST',
    headers: { 'content-type': FORM, authorization: BASIC_AUTHORIZATION },
    body: `grant_type=client_credentials&scope=${SCOPE}`,
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(
      `${server.id}: client_credentials answered ${response.status} ${JSON.stringify(body)}`,
    );
  }
  return body.access_token;
}

/**
 * The requests of one run. For code exchanges, `codes` fresh codes are seeded first, each
 * sent once; bearer and introspection requests all carry `accessToken`.
 */
export async function buildPlan(
  scenario: ScenarioName,
  server: ServerProcess,
  options: { codes: number; accessToken: string },
): Promise<RequestPlan> {
  const { routes } = server;
  const tokenHeaders = { 'content-type': FORM, authorization: BASIC_AUTHORIZATION };
  switch (scenario) {
    case 'client_credentials':
      return {
        method: 'POST',
        path: routes.token!,
        headers: tokenHeaders,
        body: `grant_type=client_credentials&scope=${SCOPE}`,
      };
    case 'code_exchange': {
      const codes = await server.seedCodes(options.codes);
      return {
        method: 'POST',
        path: routes.token!,
        headers: tokenHeaders,
        bodies: codes.map(codeExchangeBody),
      };
    }
    case 'bearer':
      return {
        method: 'GET',
        path: routes.resource!,
        headers: { authorization: `Bearer ${options.accessToken}` },
      };
    case 'introspection':
      return {
        method: 'POST',
        path: routes.introspection!,
        headers: tokenHeaders,
        body: new URLSearchParams({ token: options.accessToken }).toString(),
      };
  }
}

/**
 * Sends the plan's first request once and checks the answer is the success the scenario
 * expects (a token, the resource, `active: true`), so that no server is measured answering
 * errors fast. Resolves the response body's length in bytes.
 */
export async function probe(
  scenario: ScenarioName,
  server: ServerProcess,
  plan: RequestPlan,
): Promise<number> {
  const body = plan.bodies?.[0] ?? plan.body;
  const response = await fetch(`http://127.0.0.1:${server.port}${plan.path}`, {
    method: plan.method,
    headers: plan.headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const json = JSON.parse(text) as Record<string, unknown>;
  const expected: Record<ScenarioName, (b: Record<string, unknown>) => boolean> = {
    client_credentials: (b) => typeof b.access_token === 'string',
    code_exchange: (b) => typeof b.access_token === 'string',
    bearer: (b) => b.client_id !== undefined,
    introspection: (b) => b.active === true,
  };
  if (response.status !== 200 || !expected[scenario](json)) {
    throw new Error(`${server.id} ${scenario}: probe answered ${response.status} ${text}`);
  }
  return Buffer.byteLength(text);
}
