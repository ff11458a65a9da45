import { describe, expect, test } from 'vitest';
import {
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  seedCode,
  tokenRequest,
} from '../../test/helpers.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import type { Stores } from '../stores/stores.js';
import { tokenRecordFor } from '../tokens/token-record-for.js';

/** Memory stores whose code and token calls are counted by name. */
function countedStores(stores: Stores, calls: string[]): Stores {
  const counted = <S extends object>(store: S, prefix: string): S => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(store)) {
      out[name] =
        typeof value === 'function'
          ? (...args: unknown[]) => {
              calls.push(`${prefix}.${name}`);
              return (value as (...a: unknown[]) => unknown).apply(store, args);
            }
          : value;
    }
    return out as S;
  };
  return {
    ...stores,
    codes: counted(stores.codes, 'codes'),
    tokens: counted(stores.tokens, 'tokens'),
  };
}

async function setup(wrap: (memory: ReturnType<typeof createMemoryStores>) => Partial<Stores>) {
  const memory = createMemoryStores();
  const { server } = createTestServer({ memory, stores: { ...memory, ...wrap(memory) } });
  const client = await registerClient(memory);
  const exchange = (params: Record<string, string>) =>
    server.createTokenResponse(tokenRequest(params, { basic: client }));
  return { memory, client, exchange };
}

describe('authorization_code exchange over a code store with redeemCode', () => {
  test('one redeemCode call consumes the code and saves the token: no consume, save or second read', async () => {
    const calls: string[] = [];
    // The code store's calls are counted; the token store stays the one it was created with.
    const { memory, client, exchange } = await setup((m) => ({
      codes: countedStores(m, calls).codes,
    }));
    const seeded = await seedCode(memory, { clientId: client.clientId });
    calls.length = 0;
    await expectToken(await exchange(codeExchange(seeded)));
    expect(calls).toEqual(['codes.findCode', 'codes.redeemCode']);
    expect(memory.dump().tokens).toHaveLength(1);
    expect(memory.dump().codes[0]!.consumedAt).toBeInstanceOf(Date);
  });

  test('a token store the code store was not created with: consume, save, then read the mark', async () => {
    const calls: string[] = [];
    const { memory, client, exchange } = await setup((m) => {
      const counted = countedStores(m, calls);
      return { codes: counted.codes, tokens: { ...counted.tokens } };
    });
    const seeded = await seedCode(memory, { clientId: client.clientId });
    calls.length = 0;
    await expectToken(await exchange(codeExchange(seeded)));
    expect(calls).toEqual([
      'codes.findCode',
      'codes.redeemCode',
      'codes.consumeCode',
      'tokens.saveToken',
      'codes.findCode',
    ]);
    expect(memory.dump().tokens).toHaveLength(1);
  });

  test('a custom saveToken sees the token: the server never calls redeemCode', async () => {
    const calls: string[] = [];
    const saved: string[] = [];
    const memory = createMemoryStores();
    const stores = countedStores(memory, calls);
    const { server } = createTestServer({
      memory,
      stores,
      saveToken: async (token, request) => {
        saved.push(token.accessToken);
        await stores.tokens.saveToken(tokenRecordFor(token, request));
      },
    });
    const client = await registerClient(memory);
    const seeded = await seedCode(memory, { clientId: client.clientId });
    calls.length = 0;
    const body = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(saved).toEqual([body.access_token]);
    expect(calls).not.toContain('codes.redeemCode');
    expect(calls).toContain('codes.consumeCode');
  });

  test('a refused attempt of its own client still uses the code up', async () => {
    const { memory, client, exchange } = await setup(() => ({}));
    const seeded = await seedCode(memory, { clientId: client.clientId });
    await expectError(
      await exchange({ ...codeExchange(seeded), code_verifier: 'x'.repeat(43) }),
      400,
      'invalid_grant',
    );
    expect(memory.dump().codes[0]!.consumedAt).toBeInstanceOf(Date);
    expect(memory.dump().tokens).toHaveLength(0);
    await expectError(await exchange(codeExchange(seeded)), 400, 'invalid_grant');
    expect(memory.dump().tokens).toHaveLength(0);
  });

  test('a store failure in redeemCode is a 503 and leaves the code unused', async () => {
    const { memory, client, exchange } = await setup((m) => ({
      codes: {
        ...m.codes,
        redeemCode: async () => {
          throw new Error('connection reset');
        },
      },
    }));
    const seeded = await seedCode(memory, { clientId: client.clientId });
    const response = await exchange(codeExchange(seeded));
    expect(response.status).toBe(503);
    expect(memory.dump().codes[0]!.consumedAt).toBeNull();
    expect(memory.dump().tokens).toHaveLength(0);
  });
});
