import { generateToken, s256Challenge } from '@oauthkit/core';
import type { SoakClient } from './create-soak-server.js';

/** A step of the soak cycle, in order. */
export const SOAK_STEPS = [
  'authorize',
  'code',
  'resource',
  'refresh',
  'revoke',
  'introspect',
  'resource-revoked',
] as const;
export type SoakStep = (typeof SOAK_STEPS)[number];

/** Counters of a soak run, shared by all loops. */
export interface SoakTally {
  requests: number;
  cycles: number;
  /** `<step> <status> <error>` or `<step> network <code>` -> count. */
  errors: Map<string, number>;
  /** Per step, latencies in ms: a uniform sample of at most 20 000 (reservoir sampling). */
  latencies: Map<SoakStep, number[]>;
  /** Per step, how many latencies were offered to the sample. */
  seen: Map<SoakStep, number>;
}

export function createSoakTally(): SoakTally {
  return { requests: 0, cycles: 0, errors: new Map(), latencies: new Map(), seen: new Map() };
}

const RESERVOIR = 20_000;

/**
 * One full cycle over HTTP, as a confidential web app does it: authorization with consent
 * (POST, PKCE), code exchange, a protected resource, a refresh (rotation), revocation of
 * the refresh token (its family with it), introspection (inactive now), and the resource
 * again (401 now). Every answer that is not the expected one is counted in `tally.errors`.
 *
 * @example
 * const tally = createSoakTally();
 * while (running()) await runSoakCycle(server.url, server.client, tally);
 */
export async function runSoakCycle(
  base: string,
  client: SoakClient,
  tally: SoakTally,
): Promise<void> {
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const call = async (
    step: SoakStep,
    path: string,
    init: RequestInit,
    expected: number,
  ): Promise<Response | null> => {
    const started = performance.now();
    tally.requests++;
    try {
      const response = await fetch(`${base}${path}`, { ...init, redirect: 'manual' });
      record(tally, step, performance.now() - started);
      if (response.status === expected) return response;
      const text = await response.text();
      const error = text.startsWith('{') ? (JSON.parse(text) as { error?: string }).error : '';
      count(tally, `${step} ${response.status} ${error ?? ''}`.trim());
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      count(tally, `${step} network ${cause?.code ?? (e as Error).name}`);
    }
    return null;
  };
  const verifier = generateToken();
  const authorization = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'profile',
    state: generateToken(),
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
    consent: 'allow',
  });
  const redirect = await call(
    'authorize',
    '/authorize',
    { method: 'POST', headers: form, body: authorization },
    302,
  );
  const code = redirect && new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) return count(tally, 'authorize no-code', redirect !== null);
  const exchange = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    code_verifier: verifier,
  });
  const tokenHeaders = { ...form, authorization: basic };
  /** A client-authenticated form POST, answered 200 when all is well. */
  const post = (step: SoakStep, path: string, body: URLSearchParams) =>
    call(step, path, { method: 'POST', headers: tokenHeaders, body }, 200);
  type Tokens = { access_token: string; refresh_token: string };
  const issued = await post('code', '/token', exchange);
  if (!issued) return;
  const first = (await issued.json()) as Tokens;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  await drain(await call('resource', '/api/me', { headers: bearer(first.access_token) }, 200));
  const refreshBody = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  });
  const refreshed = await post('refresh', '/token', refreshBody);
  if (!refreshed) return;
  const second = (await refreshed.json()) as Tokens;
  const revokeBody = new URLSearchParams({
    token: second.refresh_token,
    token_type_hint: 'refresh_token',
  });
  await drain(await post('revoke', '/revoke', revokeBody));
  const introspectBody = new URLSearchParams({ token: second.access_token });
  const introspected = await post('introspect', '/introspect', introspectBody);
  if (introspected) {
    const body = (await introspected.json()) as { active?: boolean };
    if (body.active !== false) count(tally, 'introspect still-active');
  }
  await drain(
    await call('resource-revoked', '/api/me', { headers: bearer(second.access_token) }, 401),
  );
  tally.cycles++;
}

async function drain(response: Response | null): Promise<void> {
  await response?.arrayBuffer();
}

function count(tally: SoakTally, kind: string, when = true): void {
  if (when) tally.errors.set(kind, (tally.errors.get(kind) ?? 0) + 1);
}

function record(tally: SoakTally, step: SoakStep, ms: number): void {
  const list = tally.latencies.get(step) ?? [];
  tally.latencies.set(step, list);
  const seen = (tally.seen.get(step) ?? 0) + 1;
  tally.seen.set(step, seen);
  // Reservoir sampling keeps the client's memory flat however long the soak runs.
  if (list.length < RESERVOIR) list.push(ms);
  else {
    const slot = Math.floor(Math.random() * seen);
    if (slot < RESERVOIR) list[slot] = ms;
  }
}
