import { createAuthorizationServer, digestToken, s256Challenge } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';

const ISSUER = 'https://as.example';

/**
 * A code saved for a client, and token requests redeeming it through a server over the stores
 * under test.
 */
export async function codeExchange(h: SuiteHarness, method: 'client_secret_basic' | 'none') {
  const server = createAuthorizationServer({
    ...h.stores,
    config: { issuer: ISSUER, refreshTokenGenerator: true },
  });
  const owner = h.make.client({});
  owner.record.metadata = { ...owner.record.metadata, tokenEndpointAuthMethod: method };
  if (method === 'none') owner.record.clientSecretDigest = null;
  const other = h.make.client({});
  await h.stores.clients.saveClient(owner.record);
  await h.stores.clients.saveClient(other.record);
  const verifier = `${'v'.repeat(20)}${owner.record.clientId}`.padEnd(43, 'x');
  const { record, code } = h.make.code({
    clientId: owner.record.clientId,
    codeChallenge: s256Challenge(verifier),
    codeChallengeMethod: 'S256',
  });
  await h.stores.codes.saveCode(record);
  const send = (as: { clientId: string; secret?: string | null }, codeVerifier?: string) => {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: record.redirectUri!,
    });
    if (codeVerifier !== undefined) form.set('code_verifier', codeVerifier);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (as.secret) {
      headers.authorization = `Basic ${btoa(`${as.clientId}:${as.secret}`)}`;
    } else form.set('client_id', as.clientId);
    return server.createTokenResponse(
      new Request(`${ISSUER}/token`, { method: 'POST', headers, body: form }),
    );
  };
  const ownerAuth = {
    clientId: owner.record.clientId,
    secret: method === 'none' ? null : owner.secret,
  };
  // A store may forget a revoked record: only a record found and not revoked is live.
  const isLive = async (accessToken: string) => {
    const found = await h.stores.tokens.findByAccessToken(digestToken(accessToken));
    return found !== null && found.revokedAt === null;
  };
  return {
    send,
    ownerAuth,
    otherAuth: { clientId: other.record.clientId, secret: other.secret },
    verifier,
    record,
    isLive,
  };
}

/**
 * A code redeemed through a server over the stores under test, then replayed. Checks
 * SECURITY.md rule 28 end to end on the store: only the code's own client revokes by replaying.
 */
async function redeemedCode(h: SuiteHarness, method: 'client_secret_basic' | 'none') {
  const { send, ownerAuth, otherAuth, verifier, record, isLive } = await codeExchange(h, method);
  const first = await send(ownerAuth, verifier);
  expect(first.status, await first.clone().text()).toBe(200);
  const { access_token: accessToken } = (await first.json()) as { access_token: string };
  return { send, ownerAuth, otherAuth, verifier, record, live: () => isLive(accessToken) };
}

/** Replays of a used code: revocation only by its own client (SECURITY.md rule 28). */
export const codeReplayScenarios: Scenarios = {
  'a replay by another client is invalid_grant and leaves the tokens and the code as they were':
    async (h) => {
      const { send, otherAuth, verifier, record, live } = await redeemedCode(
        h,
        'client_secret_basic',
      );
      expect((await send(otherAuth, verifier)).status).toBe(400);
      expect(await live()).toBe(true);
      expect((await h.stores.codes.findCode(record.codeDigest))?.replayedAt).toBeNull();
    },

  'a public client replay without the right verifier changes nothing; with it, revokes': async (
    h,
  ) => {
    const { send, ownerAuth, verifier, live } = await redeemedCode(h, 'none');
    expect((await send(ownerAuth, `${verifier}y`)).status).toBe(400);
    expect((await send(ownerAuth)).status).toBe(400);
    expect(await live()).toBe(true);
    expect((await send(ownerAuth, verifier)).status).toBe(400);
    expect(await live()).toBe(false);
  },

  'a replay by the confidential client that redeemed it revokes': async (h) => {
    const { send, ownerAuth, verifier, live } = await redeemedCode(h, 'client_secret_basic');
    expect((await send(ownerAuth, verifier)).status).toBe(400);
    expect(await live()).toBe(false);
  },
};
