import { setImmediate } from 'node:timers/promises';
import { type AuthorizationServer, generateToken, s256Challenge, userFromId } from '@oauthkit/core';
import { checkAuthorizationResponse } from '../check-authorization-response.js';
import { checkTokenStyleResponse } from '../check-token-style-response.js';
import { jsonObject, snapshotResponse } from '../response-snapshot.js';
import { HangError, withTimeout } from '../with-timeout.js';

/** One step of the flows the load runs. */
export type FlowStep = 'client_credentials' | 'authorize' | 'code' | 'refresh';

/** One call the load made, as the client saw it. Times are `performance.now()` ms. */
export interface FlowEvent {
  step: FlowStep;
  start: number;
  end: number;
  /** HTTP status; 0 when the call never answered (`error` is then `hang` or `exception`). */
  status: number;
  /** The OAuth error code (from the body or the redirect), `hang`, `exception`, or `null`. */
  error: string | null;
  /** The code or refresh token presented (`code`, `refresh`), or the code issued (`authorize`). */
  presented: string | null;
  /** What a success issued. */
  accessToken: string | null;
  refreshToken: string | null;
  /** A second attempt with the same code or refresh token after a failure. */
  retry: boolean;
  /** What is wrong with the answer itself (`checkTokenStyleResponse`, `checkAuthorizationResponse`). */
  problems: string[];
}

/** Options of {@link runFlowLoad}. */
export interface FlowLoadOptions {
  server: AuthorizationServer;
  issuer: string;
  /** A confidential client allowed `client_credentials` (`client_secret_basic`). */
  confidential: { clientId: string; secret: string };
  /** A public client allowed `authorization_code` and `refresh_token` (rotation on). */
  publicClient: { clientId: string; redirectUri: string };
  /** Concurrent loops (default 20). */
  concurrency?: number;
  /** Keep going while this says so. */
  running: () => boolean;
  /** A call not answered within this is recorded as a `hang` (default 5000 ms). */
  callTimeoutMs?: number;
  /** Pause before the one retry of a failed code or refresh (default 100 ms). */
  retryDelayMs?: number;
}

/**
 * Steady concurrent load on the core, in process: each loop runs `client_credentials`,
 * then a public client's authorization (PKCE) and code exchange and two refresh-token
 * rotations, over and over. A code or refresh token that failed is tried once more after
 * `retryDelayMs`, as a client would, so that redemption across an outage is exercised.
 * Resolves every call made.
 *
 * @example
 * const events = await runFlowLoad({ server, issuer, confidential, publicClient, running: () => Date.now() < end });
 */
export async function runFlowLoad(options: FlowLoadOptions): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  const loops = Array.from({ length: options.concurrency ?? 20 }, () => loop(options, events));
  await Promise.all(loops);
  return events;
}

async function loop(o: FlowLoadOptions, events: FlowEvent[]): Promise<void> {
  const call = (step: FlowStep, run: () => Promise<Response>, presented: string | null = null) =>
    record(o, events, step, run, presented);
  const token = (body: Record<string, string>, auth: 'basic' | 'public') => () => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const form = new URLSearchParams(body);
    if (auth === 'basic') {
      const { clientId, secret } = o.confidential;
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    } else form.set('client_id', o.publicClient.clientId);
    return o.server.createTokenResponse(
      new Request(`${o.issuer}/token`, { method: 'POST', headers, body: form.toString() }),
    );
  };
  const withRetry = async (step: FlowStep, body: Record<string, string>, presented: string) => {
    const first = await call(step, token(body, 'public'), presented);
    if (first.status === 200 || !o.running()) return first;
    await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 100));
    const second = await call(step, token(body, 'public'), presented);
    second.retry = true;
    return second;
  };
  while (o.running()) {
    await call('client_credentials', token({ grant_type: 'client_credentials' }, 'basic'));
    const verifier = generateToken();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: o.publicClient.clientId,
      redirect_uri: o.publicClient.redirectUri,
      code_challenge: s256Challenge(verifier),
      code_challenge_method: 'S256',
      state: 'load',
    });
    const authorized = await call('authorize', () =>
      o.server.createAuthorizationResponse(
        new Request(`${o.issuer}/authorize?${query}`),
        userFromId('load-user'),
      ),
    );
    if (authorized.presented === null) continue;
    const exchange = {
      grant_type: 'authorization_code',
      code: authorized.presented,
      code_verifier: verifier,
      redirect_uri: o.publicClient.redirectUri,
    };
    let current = await withRetry('code', exchange, authorized.presented);
    for (let i = 0; i < 2 && current.refreshToken !== null && o.running(); i++) {
      const refresh = current.refreshToken;
      current = await withRetry(
        'refresh',
        { grant_type: 'refresh_token', refresh_token: refresh },
        refresh,
      );
    }
  }
}

async function record(
  o: FlowLoadOptions,
  events: FlowEvent[],
  step: FlowStep,
  run: () => Promise<Response>,
  presented: string | null,
): Promise<FlowEvent> {
  const event: FlowEvent = {
    step,
    start: performance.now(),
    end: 0,
    status: 0,
    error: null,
    presented,
    accessToken: null,
    refreshToken: null,
    retry: false,
    problems: [],
  };
  events.push(event);
  // Requests reach a real server through I/O. In process, a store that fails synchronously
  // would otherwise keep the loops in microtasks and starve every timer (the outage's own
  // schedule, the client's reconnects).
  await setImmediate();
  event.start = performance.now();
  try {
    const response = await withTimeout(run(), o.callTimeoutMs ?? 5_000, step);
    const answer = await snapshotResponse(response);
    event.status = answer.status;
    if (step === 'authorize') {
      const { problems, redirect } = checkAuthorizationResponse(answer, {
        issuer: o.issuer,
        registeredRedirectUris: [o.publicClient.redirectUri],
        state: 'load',
        storeFailures: true,
      });
      event.problems = problems;
      // The code travels in the redirect; the load then presents it: `presented` holds it.
      event.presented = redirect?.params.get('code') ?? null;
      event.error = redirect
        ? redirect.params.get('error')
        : (jsonObject(answer.body)?.error as string);
    } else {
      event.problems = checkTokenStyleResponse(answer, 'token', { storeFailures: true });
      const body = jsonObject(answer.body) ?? {};
      event.error = (body.error as string | undefined) ?? null;
      event.accessToken = (body.access_token as string | undefined) ?? null;
      event.refreshToken = (body.refresh_token as string | undefined) ?? null;
    }
  } catch (e) {
    event.error = e instanceof HangError ? 'hang' : 'exception';
  }
  event.end = performance.now();
  return event;
}
