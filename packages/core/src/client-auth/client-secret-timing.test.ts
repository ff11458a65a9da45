import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';

// SECURITY.md 21: every secret check of client authentication goes through
// timingSafeEqual, whether the client exists or not and whatever the secret's length.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

describe('client secrets are compared in constant time (SECURITY.md 21)', () => {
  beforeEach(() => {
    timingSafeEqual.mockClear();
  });

  it.each([
    ['the right secret', (secret: string) => secret, 200],
    ['a wrong secret of the same length', (secret: string) => `${secret.slice(0, -1)}x`, 401],
    ['a shorter secret', (secret: string) => secret.slice(0, 5), 401],
    ['a longer secret', (secret: string) => `${secret}-and-more`, 401],
  ])('%s', async (_, presented, status) => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['client_credentials'] });
    timingSafeEqual.mockClear();
    const response = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: { ...client, secret: presented(client.secret!) } },
      ),
    );
    if (status === 200) await expectToken(response);
    else await expectError(response, 401, 'invalid_client');
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    const [a, b] = timingSafeEqual.mock.calls[0]!;
    expect((a as Buffer).length).toBe((b as Buffer).length);
  });

  it('an unknown client id spends a constant-time comparison too', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['client_credentials'] });
    timingSafeEqual.mockClear();
    const response = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: { ...client, clientId: 'no-such-client' } },
      ),
    );
    await expectError(response, 401, 'invalid_client');
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });
});
