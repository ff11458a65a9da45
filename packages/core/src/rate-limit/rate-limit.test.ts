import { describe, expect, test } from 'vitest';
import { createTestServer, expectToken, registerClient, tokenRequest } from '../../test/helpers.js';
import { createPasswordGrant } from '../grants/password-grant.js';
import { userFromId } from '../models/user.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

const RULES = {
  clientId: { maxFailures: 3, windowMs: 60_000 },
  username: { maxFailures: 2, windowMs: 60_000 },
  address: { maxFailures: 5, windowMs: 120_000 },
};

async function setup(limiter: RateLimiter = createMemoryRateLimiter({ rules: RULES })) {
  let address = '198.51.100.7';
  const { server, stores } = createTestServer({
    rateLimit: { limiter, clientAddress: () => address },
  });
  server.registerGrant(
    createPasswordGrant({
      authenticateUser: async (u, p) => (u === 'ann' && p === 'right' ? userFromId('ann') : null),
    }),
  );
  const client = await registerClient(stores, { grantTypes: ['password', 'client_credentials'] });
  const password = (username: string, pw: string) =>
    server.createTokenResponse(
      tokenRequest({ grant_type: 'password', username, password: pw }, { basic: client }),
    );
  const clientCredentials = (secret: string | undefined) =>
    server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { basic: { ...client, secret } }),
    );
  return { server, client, password, clientCredentials, setAddress: (a: string) => (address = a) };
}

/** The 429 every limited key gets: one body and headers, whatever was limited. */
async function limitedAnswer(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return {
    body: await response.json(),
    retryAfter: response.headers.get('retry-after'),
    challenge: response.headers.get('www-authenticate'),
  };
}

describe('SECURITY.md rule 31: failed attempts are rate-limited per key', () => {
  test('password attempts per username: limited after the limit, even with the right password', async () => {
    const { password, setAddress } = await setup();
    for (let i = 0; i < 2; i++) expect((await password('ann', 'wrong')).status).toBe(400);
    setAddress('203.0.113.9');
    const limited = await limitedAnswer(await password('ann', 'right'));
    expect(limited.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The server is temporarily unavailable. Try again later.',
    });
    // Another username from the same client goes on.
    expect((await password('bob', 'x')).status).toBe(400);
  });

  test('a success resets the username count', async () => {
    const { password } = await setup();
    expect((await password('ann', 'wrong')).status).toBe(400);
    await expectToken(await password('ann', 'right'));
    expect((await password('ann', 'wrong')).status).toBe(400);
    await expectToken(await password('ann', 'right'));
  });

  test('failed client authentications per client id: then even the right secret is refused', async () => {
    const { client, clientCredentials, setAddress } = await setup();
    for (let i = 0; i < 3; i++) {
      setAddress(`192.0.2.${i}`);
      expect((await clientCredentials('wrong')).status).toBe(401);
    }
    await limitedAnswer(await clientCredentials(client.secret));
  });

  test('failures per address, across usernames and clients', async () => {
    const { password } = await setup();
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      expect((await password(name, 'x')).status).toBe(400);
    }
    await limitedAnswer(await password('ann', 'right'));
  });

  test('the 429 is the same whichever key was limited', async () => {
    const byUser = await setup();
    for (let i = 0; i < 2; i++) await byUser.password('ann', 'wrong');
    byUser.setAddress('203.0.113.1');
    const a = await limitedAnswer(await byUser.password('ann', 'right'));
    const byClient = await setup();
    for (let i = 0; i < 3; i++) {
      byClient.setAddress(`192.0.2.${i}`);
      await byClient.clientCredentials('wrong');
    }
    byClient.setAddress('203.0.113.1');
    const b = await limitedAnswer(await byClient.password('ann', 'right'));
    const byAddress = await setup();
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5']) await byAddress.password(name, 'x');
    const c = await limitedAnswer(await byAddress.password('zed', 'right'));
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(a.retryAfter).toBe('120');
  });

  test('a limiter failure fails closed with 503', async () => {
    const broken: RateLimiter = {
      retryAfterSeconds: 1,
      isLimited: () => Promise.reject(new Error('down')),
      recordFailure: () => Promise.reject(new Error('down')),
      reset: () => Promise.reject(new Error('down')),
    };
    const { password } = await setup(broken);
    expect((await password('ann', 'right')).status).toBe(503);
  });

  test('the memory limiter forgets a window once it ends, and stays within maxKeys', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ rules: RULES, now: () => now, maxKeys: 2 });
    await limiter.recordFailure({ username: 'a' });
    await limiter.recordFailure({ username: 'a' });
    expect(await limiter.isLimited({ username: 'a' })).toBe(true);
    now = 60_000;
    expect(await limiter.isLimited({ username: 'a' })).toBe(false);
    await limiter.recordFailure({ username: 'b' });
    await limiter.recordFailure({ username: 'b' });
    expect(await limiter.isLimited({ username: 'b' })).toBe(true);
    await limiter.recordFailure({ username: 'c' });
    await limiter.recordFailure({ username: 'd' });
    // Only the two newest windows are kept.
    expect(await limiter.isLimited({ username: 'b' })).toBe(false);
  });

  test('bad rules and limiters are TypeErrors at construction', () => {
    expect(() =>
      createMemoryRateLimiter({ rules: { username: { maxFailures: 0, windowMs: 1 } } }),
    ).toThrow(TypeError);
    expect(() => createTestServer({ rateLimit: { limiter: {} as RateLimiter } })).toThrow(
      TypeError,
    );
  });
});
