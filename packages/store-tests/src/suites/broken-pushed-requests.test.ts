import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PushedRequestStore } from '@oauthkit/core';
import { checkedPushedRequestStore } from '@oauthkit/core/stores';
import { createMemoryStores } from '@oauthkit/core/testing';
import { describe, expect, it } from 'vitest';
import { pushedRequestScenarios } from './pushed-requests.js';

/**
 * The pushed request group must fail stores that break its contract the way a real
 * implementation could: a consume that reads, yields (a database round trip), then deletes
 * and answers from the stale read; one that ignores the client; an insert that overwrites;
 * a cleanup that deletes live records or none.
 */
type Break = (s: PushedRequestStore) => PushedRequestStore;

function get(prefix: string) {
  const title = Object.keys(pushedRequestScenarios).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return pushedRequestScenarios[title]!;
}

async function run(prefix: string, breakage: Break): Promise<void> {
  const base = createMemoryStores().pushedRequests;
  const broken = checkedPushedRequestStore(breakage(base));
  await get(prefix)(() => broken);
}

const staleConsume: Break = (s) => ({
  ...s,
  async consumePushedRequest(digest, clientId) {
    const before = await s.findPushedRequest(digest);
    await nextTurn();
    if (!before || before.clientId !== clientId) return null;
    await s.consumePushedRequest(digest, clientId);
    return before;
  },
});

const anyClient: Break = (s) => ({
  ...s,
  async consumePushedRequest(digest) {
    const before = await s.findPushedRequest(digest);
    return before ? s.consumePushedRequest(digest, before.clientId) : null;
  },
});

const overwrite: Break = (s) => {
  const kept = new Map<string, Parameters<PushedRequestStore['savePushedRequest']>[0]>();
  return {
    ...s,
    async savePushedRequest(record) {
      kept.set(record.requestUriDigest, record);
    },
    async findPushedRequest(digest) {
      return kept.get(digest) ?? null;
    },
  };
};

const deleteAll: Break = (s) => ({
  ...s,
  async deleteExpired() {
    return s.deleteExpired(new Date(Date.now() + 3_600_000));
  },
});

const deleteNone: Break = (s) => ({
  ...s,
  async deleteExpired() {
    return 0;
  },
});

describe('the pushed request group catches broken stores', () => {
  it('the memory store passes every scenario', async () => {
    const store = createMemoryStores().pushedRequests;
    for (const scenario of Object.values(pushedRequestScenarios)) await scenario(() => store);
  });

  it('a find-then-delete consume loses the 50-way race', async () => {
    await expect(run('50 concurrent consumes of one request', staleConsume)).rejects.toThrow();
  });

  it("a consume that ignores the client hands out another client's request", async () => {
    await expect(run("another client's consume", anyClient)).rejects.toThrow();
    await expect(run('50 concurrent consumes, half', anyClient)).rejects.toThrow();
  });

  it('an insert that overwrites is caught', async () => {
    await expect(run('a digest saved twice', overwrite)).rejects.toThrow();
  });

  it('a cleanup that deletes live requests, or none, is caught', async () => {
    await expect(run('deleteExpired removes expired', deleteAll)).rejects.toThrow();
    await expect(run('deleteExpired removes expired', deleteNone)).rejects.toThrow();
  });
});
