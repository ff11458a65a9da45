import {
  type AuthorizationServer,
  createAuthorizationServer,
  digestSecret,
  generateToken,
  type OAuth2Error,
  type Stores,
} from '@oauthkit/core';
import { expect } from 'vitest';
import {
  analyzeOutage,
  type CutMode,
  checkStoredState,
  formatOutageReport,
  outcomeOf,
  runOutageScenario,
  type StoredState,
  type TcpProxy,
} from '../../src/index.js';

export const ISSUER = 'https://as.example';
const REDIRECT_URI = 'https://app.example/cb';

/** The token fields a stored row must never lack, whatever the outage did (snake_case). */
export const REQUIRED_TOKEN_FIELDS = [
  'access_token_digest',
  'family_id',
  'client_id',
  'token_type',
  'grant_type',
  'issued_at',
  'access_token_expires_at',
];

/** The limits every store must meet around an outage, per kind of cut. */
export const LIMITS = {
  /** Calls never answered within this count as hangs. */
  callTimeoutMs: 5_000,
  /**
   * p99 latency of the calls made during the outage. A reset fails at once; a black hole
   * fails only when the client's own timeouts fire (1 s to connect or wait for a pooled
   * connection, 2 s per query on PostgreSQL; 1 s per command on Redis).
   */
  outageP99Ms: { reset: 1_500, blackhole: 3_500 },
  /** From the restore until every step succeeded again. */
  recoveryMs: 3_000,
  /** After the restore, failures are tolerated this long; later ones are defects. */
  graceMs: 3_000,
} as const;

/** The load around each kind of cut, in ms (a black hole needs less warm-up to prove it). */
const TIMELINES = {
  reset: { warmupMs: 3_000, outageMs: 3_000, recoveryMs: 4_000 },
  blackhole: { warmupMs: 1_500, outageMs: 3_000, recoveryMs: 3_500 },
} as const;

/**
 * A server over `stores` (reached through the proxy), with a confidential and a public
 * client registered through `direct` stores, and every store failure's cause collected.
 */
export async function createOutageServer(stores: Stores, direct: Stores) {
  const secret = generateToken();
  const confidential = { clientId: 'outage-confidential', secret };
  const publicClient = { clientId: 'outage-public', redirectUri: REDIRECT_URI };
  const base = { clientIdIssuedAt: new Date(), clientSecretExpiresAt: null };
  await direct.clients.saveClient({
    ...base,
    clientId: confidential.clientId,
    clientSecretDigest: digestSecret(secret),
    metadata: {
      redirectUris: [REDIRECT_URI],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      scope: 'read',
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
  });
  await direct.clients.saveClient({
    ...base,
    clientId: publicClient.clientId,
    clientSecretDigest: null,
    metadata: {
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      scope: 'read',
      tokenEndpointAuthMethod: 'none',
    },
  });
  const causes = new Map<string, number>();
  const server: AuthorizationServer = createAuthorizationServer({
    ...stores,
    config: { issuer: ISSUER, refreshTokenGenerator: true },
    onServerError: (error: OAuth2Error) => {
      const cause = error.cause as { message?: string; code?: string } | undefined;
      const key = `${error.error}: ${cause?.code ?? ''} ${cause?.message ?? String(cause)}`.slice(
        0,
        90,
      );
      causes.set(key, (causes.get(key) ?? 0) + 1);
    },
  });
  return { server, confidential, publicClient, causes };
}

/**
 * Runs the outage scenario against `server`, prints the figures, and checks them: bounded
 * latency, fail-closed answers only, recovery on its own, no double redemption, and a
 * database that agrees with every 200.
 */
export async function expectOutageHandled(options: {
  name: string;
  proxy: TcpProxy;
  setup: Awaited<ReturnType<typeof createOutageServer>>;
  direct: Stores;
  readState: () => Promise<StoredState>;
  extra?: () => Record<string, string | number>;
  mode?: CutMode;
}) {
  const mode = options.mode ?? 'reset';
  const { server, confidential, publicClient, causes } = options.setup;
  const { events, window } = await runOutageScenario({
    proxy: options.proxy,
    mode,
    ...TIMELINES[mode],
    load: {
      server,
      issuer: ISSUER,
      confidential,
      publicClient,
      concurrency: 20,
      callTimeoutMs: LIMITS.callTimeoutMs,
    },
  });
  const analysis = analyzeOutage(events, window, { graceMs: LIMITS.graceMs });
  const state = await options.readState();
  const stored = await checkStoredState(state, analysis.issued, options.direct, {
    focus: (e) => e.end >= window.cutAt - 1_000 && e.start <= window.restoreAt + 1_000,
  });
  const topCauses = [...causes].sort(([, a], [, b]) => b - a).slice(0, 3);
  console.log(
    formatOutageReport(`${options.name}, ${mode}`, analysis, {
      'stored tokens': state.tokens.length,
      'stored, never received': stored.orphanTokens,
      'proxy connections': `${options.proxy.stats.accepted} accepted, ${options.proxy.stats.refusedWhileCut} refused while cut`,
      ...options.extra?.(),
      ...Object.fromEntries(
        topCauses.map(([cause, n], i) => [`store error #${i + 1} (x${n})`, cause]),
      ),
    }),
  );
  const show = (list: { event: (typeof events)[number]; why: string }[]) =>
    list
      .slice(0, 10)
      .map(
        ({ event, why }) =>
          `${why}: ${outcomeOf(event)} at ${Math.round(event.start - window.cutAt)} ms from the cut`,
      );
  expect(show(analysis.unexpected)).toEqual([]);
  expect(analysis.doubleRedemptions).toEqual([]);
  expect(stored.problems.slice(0, 10)).toEqual([]);
  // The outage really happened under load, and was answered as a store failure (a black
  // hole holds every loop for a client timeout per call, so it sees fewer calls).
  expect(analysis.outage.requests).toBeGreaterThan(mode === 'reset' ? 50 : 15);
  const failures = Object.entries(analysis.outage.outcomes).filter(([o]) =>
    / (temporarily_unavailable|server_error)$/.test(o),
  );
  expect(failures.length).toBeGreaterThan(0);
  expect(analysis.outage.p99Ms).toBeLessThan(LIMITS.outageP99Ms[mode]);
  expect(analysis.recovery.recoveredMs).not.toBeNull();
  expect(analysis.recovery.recoveredMs!).toBeLessThan(LIMITS.recoveryMs);
  expect(
    show(analysis.recovery.lateFailures.map((event) => ({ event, why: 'late failure' }))),
  ).toEqual([]);
  return analysis;
}
