import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTestServer, seedCode } from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import { generateId, generateToken } from '../crypto/generate-token.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import type { TokenRecord } from '../stores/token-store.js';
import {
  type ExpiredRecordCleanupResult,
  type ExpiredRecordStores,
  startExpiredRecordCleanup,
} from './start-expired-record-cleanup.js';

const T0 = Date.UTC(2031, 0, 1);
const HOUR = 3600_000;

function tokenExpiringAt(ms: number, refresh: number | null = null): TokenRecord {
  return {
    accessTokenDigest: digestToken(generateToken()),
    refreshTokenDigest: refresh === null ? null : digestToken(generateToken()),
    familyId: generateId(),
    clientId: 'c',
    userId: 'u',
    scope: '',
    tokenType: 'Bearer',
    grantType: 'authorization_code',
    issuedAt: new Date(T0),
    accessTokenExpiresAt: new Date(ms),
    refreshTokenExpiresAt: refresh === null ? null : new Date(refresh),
    revokedAt: null,
    rotatedAt: null,
    extensions: {},
  };
}

/** Stores whose deleteExpired calls are recorded, answering from a script. */
function scriptedStores(answer: (store: 'tokens' | 'codes', now: Date) => Promise<number>) {
  const calls: { store: string; now: number }[] = [];
  const make = (store: 'tokens' | 'codes') => ({
    deleteExpired: (now: Date) => {
      calls.push({ store, now: now.getTime() });
      return answer(store, now);
    },
  });
  const stores = { tokens: make('tokens'), codes: make('codes') } as unknown as ExpiredRecordStores;
  return { stores, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startExpiredRecordCleanup', () => {
  test('deletes expired records from real stores every interval, the first time one interval in', async () => {
    const memory = createMemoryStores();
    const runs: ExpiredRecordCleanupResult[] = [];
    const early = tokenExpiringAt(T0 + 30 * 60_000);
    const late = tokenExpiringAt(T0 + 90 * 60_000, T0 + 90 * 60_000);
    const keeps = tokenExpiringAt(T0 + 10 * 60_000, T0 + 30 * 86_400_000);
    for (const r of [early, late, keeps]) await memory.tokens.saveToken(r);
    // A pushed authorization request (RFC 9126) never used, expired before the first run.
    await memory.pushedRequests.savePushedRequest({
      requestUriDigest: digestToken(generateToken()),
      clientId: 'c',
      parameters: 'response_type=code&client_id=c',
      issuedAt: new Date(T0),
      expiresAt: new Date(T0 + 60_000),
    });
    const stop = startExpiredRecordCleanup(memory, { onRun: (d) => runs.push(d) });

    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(runs).toEqual([]);
    expect(memory.dump().tokens).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([{ tokens: 1, codes: 0, pushedRequests: 1 }]);
    expect(memory.dump().pushedRequests).toEqual([]);
    expect(
      memory
        .dump()
        .tokens.map((t) => t.accessTokenDigest)
        .sort(),
    ).toEqual([late.accessTokenDigest, keeps.accessTokenDigest].sort());
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(runs).toEqual([
      { tokens: 1, codes: 0, pushedRequests: 1 },
      { tokens: 1, codes: 0, pushedRequests: 0 },
    ]);
    expect(memory.dump().tokens.map((t) => t.accessTokenDigest)).toEqual([keeps.accessTokenDigest]);
    await stop();
  });

  test('passes the time of the run and honours intervalSeconds', async () => {
    const { stores, calls } = scriptedStores(async () => 0);
    const stop = startExpiredRecordCleanup(stores, { intervalSeconds: 90 });
    await vi.advanceTimersByTimeAsync(3 * 90_000);
    expect(calls).toEqual([
      { store: 'tokens', now: T0 + 90_000 },
      { store: 'codes', now: T0 + 90_000 },
      { store: 'tokens', now: T0 + 180_000 },
      { store: 'codes', now: T0 + 180_000 },
      { store: 'tokens', now: T0 + 270_000 },
      { store: 'codes', now: T0 + 270_000 },
    ]);
    await stop();
  });

  test('reports a failing store to onError, runs the other one, and keeps running', async () => {
    const failure = new Error('ECONNREFUSED');
    let tokensDown = true;
    const { stores, calls } = scriptedStores(async (store) => {
      if (store === 'tokens' && tokensDown) throw failure;
      return 2;
    });
    (stores.codes as { deleteExpired: unknown }).deleteExpired = () => {
      calls.push({ store: 'codes', now: Date.now() });
      throw new Error('thrown synchronously');
    };
    const errors: [unknown, string][] = [];
    const runs: ExpiredRecordCleanupResult[] = [];
    const stop = startExpiredRecordCleanup(stores, {
      intervalSeconds: 1,
      onError: (error, store) => {
        errors.push([error, store]);
        throw new Error('a throwing onError is ignored too');
      },
      onRun: (d) => runs.push(d),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        [failure, 'tokens'],
        [new Error('thrown synchronously'), 'codes'],
      ]),
    );
    expect(runs).toEqual([{ tokens: 0, codes: 0 }]);
    tokensDown = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([
      { tokens: 0, codes: 0 },
      { tokens: 2, codes: 0 },
    ]);
    expect(calls.filter((c) => c.store === 'codes')).toHaveLength(2);
    await stop();
  });

  test('reports to console.error when there is no onError', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('down');
    const { stores } = scriptedStores(() => Promise.reject(failure));
    const stop = startExpiredRecordCleanup(stores, { intervalSeconds: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(error).toHaveBeenCalledWith(
      '[oauthkit] expired-record cleanup of tokens failed',
      failure,
    );
    expect(error).toHaveBeenCalledWith(
      '[oauthkit] expired-record cleanup of codes failed',
      failure,
    );
    error.mockRestore();
    await stop();
  });

  test('never overlaps runs: the next interval starts when a slow run ends', async () => {
    let release: () => void = () => {};
    let slow = true;
    const { stores, calls } = scriptedStores((store) => {
      if (store === 'codes' || !slow) return Promise.resolve(0);
      slow = false;
      return new Promise<number>((resolve) => {
        release = () => resolve(1);
      });
    });
    const stop = startExpiredRecordCleanup(stores, { intervalSeconds: 10 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    release();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(4);
    expect(calls[2]!.now).toBe(T0 + 80_000);
    await stop();
  });

  test('stop() cancels the next run and waits for the one in progress', async () => {
    let release: () => void = () => {};
    const { stores, calls } = scriptedStores((store) =>
      store === 'codes'
        ? Promise.resolve(0)
        : new Promise<number>((resolve) => {
            release = () => resolve(3);
          }),
    );
    const runs: ExpiredRecordCleanupResult[] = [];
    const stop = startExpiredRecordCleanup(stores, {
      intervalSeconds: 5,
      onRun: (d) => runs.push(d),
    });
    await vi.advanceTimersByTimeAsync(5000);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(runs).toEqual([{ tokens: 3, codes: 0 }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('uses an unref’d timer, so it never keeps the process alive', async () => {
    const unref = vi.fn();
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms: number,
    ) => {
      const timer = realSetTimeout(fn, ms);
      const original = timer.unref.bind(timer);
      timer.unref = () => {
        unref();
        return original();
      };
      return timer;
    }) as typeof setTimeout);
    const { stores } = scriptedStores(async () => 0);
    const stop = startExpiredRecordCleanup(stores, { intervalSeconds: 1 });
    expect(unref).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(unref).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    await stop();
  });

  test('runs on one store alone', async () => {
    const memory = createMemoryStores();
    await memory.codes.saveCode({
      ...seedCodeRecord(),
      expiresAt: new Date(T0 + 1000),
    });
    const runs: ExpiredRecordCleanupResult[] = [];
    const stop = startExpiredRecordCleanup(
      { codes: memory.codes },
      { intervalSeconds: 2, onRun: (d) => runs.push(d) },
    );
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual([{ tokens: 0, codes: 1 }]);
    expect(memory.dump().codes).toEqual([]);
    await stop();
  });

  test('rejects caller mistakes with a TypeError at once', () => {
    const { stores } = scriptedStores(async () => 0);
    const bad: [unknown, unknown][] = [
      [null, {}],
      [{}, {}],
      [{ tokens: {} }, {}],
      [{ tokens: stores.tokens, codes: { deleteExpired: 1 } }, {}],
      [stores, { intervalSeconds: 0 }],
      [stores, { intervalSeconds: -5 }],
      [stores, { intervalSeconds: Number.NaN }],
      [stores, { intervalSeconds: '60' }],
      [stores, { intervalSeconds: 30 * 86_400 }],
      [stores, { onError: 'log' }],
      [stores, { onRun: 1 }],
    ];
    for (const [s, o] of bad) {
      expect(() => startExpiredRecordCleanup(s as never, o as never), JSON.stringify(o)).toThrow(
        TypeError,
      );
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('AuthorizationServer.startExpiredRecordCleanup', () => {
  test("cleans the server's own stores", async () => {
    const { server, stores } = createTestServer();
    const { codeDigest } = await seedCode(stores, { clientId: 'c', expiresInSeconds: 1 });
    expect(await stores.codes.findCode(codeDigest)).not.toBeNull();
    const runs: ExpiredRecordCleanupResult[] = [];
    const stop = server.startExpiredRecordCleanup({
      intervalSeconds: 2,
      onRun: (d) => runs.push(d),
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual([{ tokens: 0, codes: 1, pushedRequests: 0 }]);
    expect(await stores.codes.findCode(codeDigest)).toBeNull();
    await stop();
  });
});

function seedCodeRecord() {
  return {
    codeDigest: digestToken(generateToken()),
    clientId: 'c',
    userId: 'u',
    redirectUri: null,
    scope: '',
    codeChallenge: null,
    codeChallengeMethod: null,
    nonce: null,
    familyId: generateId(),
    issuedAt: new Date(T0),
    expiresAt: new Date(T0 + 600_000),
    consumedAt: null,
    replayedAt: null,
    extensions: {},
  };
}
