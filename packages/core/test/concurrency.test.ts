import { describe, expect, test } from 'vitest';
import {
  bearerCheck,
  codeExchange,
  createTestServer,
  expectToken,
  INVALID_TOKEN,
  registerClient,
  seedCode,
  type TestClient,
  tokenRequest,
} from './helpers.js';

// Races on the memory store: Promise.all interleaves the requests at every await, so each
// request reads before any of them writes.
const PARALLEL = 50;

async function statuses(responses: Response[]) {
  const bodies = await Promise.all(responses.map((r) => r.text()));
  return responses.map((r, i) => ({ status: r.status, body: bodies[i]! }));
}

function onlyOneWinner(results: { status: number; body: string }[], description: string) {
  const winners = results.filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  const losers = results.filter((r) => r.status !== 200);
  expect(losers).toHaveLength(PARALLEL - 1);
  for (const loser of losers) {
    expect(loser.status).toBe(400);
    expect(JSON.parse(loser.body)).toEqual({
      error: 'invalid_grant',
      error_description: description,
    });
  }
  return JSON.parse(winners[0]!.body) as { access_token: string; refresh_token?: string };
}

describe('50 parallel redemptions of one code', () => {
  test('exactly one 200; the replays revoke what it issued', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const results = await statuses(
      await Promise.all(
        Array.from({ length: PARALLEL }, () =>
          server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
        ),
      ),
    );
    const winner = onlyOneWinner(
      results,
      'The authorization code is invalid, expired or already used.',
    );
    expect(stores.dump().tokens).toHaveLength(1);
    expect(await bearerCheck(stores.tokens, winner.access_token)).toEqual(INVALID_TOKEN);
    expect(stores.dump().codes[0]!.replayedAt).toBeInstanceOf(Date);
  });
});

describe('50 parallel refreshes of one refresh token', () => {
  async function issue(options: Parameters<typeof createTestServer>[0], isPublic: boolean) {
    const { server, stores } = createTestServer(options);
    const client = await registerClient(
      stores,
      isPublic ? { tokenEndpointAuthMethod: 'none' } : {},
    );
    const auth = (c: TestClient) => (isPublic ? { publicClient: c } : { basic: c });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), auth(client))),
    );
    const refreshAll = async () =>
      statuses(
        await Promise.all(
          Array.from({ length: PARALLEL }, () =>
            server.createTokenResponse(
              tokenRequest(
                { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
                auth(client),
              ),
            ),
          ),
        ),
      );
    return { server, stores, client, first, refreshAll };
  }

  test('public client (rotation): exactly one 200, and the reuse revokes the family', async () => {
    const { stores, first, refreshAll } = await issue({}, true);
    const winner = onlyOneWinner(
      await refreshAll(),
      'The refresh token is invalid, expired or revoked.',
    );
    // One record for the code exchange, one for the single rotation that won.
    expect(stores.dump().tokens).toHaveLength(2);
    expect(await bearerCheck(stores.tokens, winner.access_token)).toEqual(INVALID_TOKEN);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(INVALID_TOKEN);
  });

  test('confidential client with rotateConfidentialRefreshTokens: exactly one 200', async () => {
    const { stores, refreshAll } = await issue(
      { config: { rotateConfidentialRefreshTokens: true } },
      false,
    );
    const winner = onlyOneWinner(
      await refreshAll(),
      'The refresh token is invalid, expired or revoked.',
    );
    expect(winner.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stores.dump().tokens).toHaveLength(2);
  });

  test('within the grace window: exactly one 200, and the winner keeps working', async () => {
    const { stores, refreshAll } = await issue(
      { config: { refreshTokenReuseGraceSeconds: 30 } },
      true,
    );
    const winner = onlyOneWinner(
      await refreshAll(),
      'The refresh token is invalid, expired or revoked.',
    );
    expect(await bearerCheck(stores.tokens, winner.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
    expect(stores.dump().tokens.filter((t) => t.revokedAt === null)).toHaveLength(1);
  });

  test('confidential client without rotation: every request is served, nothing revoked', async () => {
    const { stores, refreshAll, first } = await issue({}, false);
    const results = await refreshAll();
    expect(results.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    const tokens = results.map((r) => JSON.parse(r.body) as { refresh_token?: string });
    expect(tokens.every((t) => t.refresh_token === undefined)).toBe(true);
    expect(stores.dump().tokens).toHaveLength(PARALLEL + 1);
    expect(stores.dump().tokens.every((t) => t.revokedAt === null)).toBe(true);
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
  });
});

describe('50 parallel client_credentials requests', () => {
  test('50 distinct tokens, 50 records', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const results = await statuses(
      await Promise.all(
        Array.from({ length: PARALLEL }, () =>
          server.createTokenResponse(
            tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
          ),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    const values = new Set(results.map((r) => JSON.parse(r.body).access_token as string));
    expect(values.size).toBe(PARALLEL);
    expect(stores.dump().tokens).toHaveLength(PARALLEL);
  });
});
