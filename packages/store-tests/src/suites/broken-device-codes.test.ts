import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DeviceCodeRecord, DeviceCodeStore, Stores } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import type { StoreSuiteContext } from '../suite-options.js';
import { deviceCodeScenarios } from './device-codes.js';

/**
 * Each race of the device code group must fail a store that answers from a read made before
 * its write (check-then-act), as a store without a conditional write or a script would. The
 * broken stores here wrap the memory store: they read, yield (as a database round trip
 * does), then act and answer from the stale read.
 */
type Break = (s: DeviceCodeStore) => DeviceCodeStore;

function run(scenario: Scenario, breakage?: Break) {
  const base = createMemorySuiteContext();
  const broken = breakage?.(base.stores.deviceCodes!);
  const context: StoreSuiteContext = {
    get stores(): Stores {
      return broken ? { ...base.stores, deviceCodes: broken } : base.stores;
    },
    raw: base.raw,
    reset: base.reset,
  };
  const h = createSuiteHarness(() => context, 'millisecond');
  return h.seed().then(() => scenario(h));
}

function get(prefix: string): Scenario {
  const title = Object.keys(deviceCodeScenarios).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return deviceCodeScenarios[title]!;
}

const staleRedeem: Break = (s) => ({
  ...s,
  async redeemDeviceCode(digest, now) {
    const before = await s.findByDeviceCode(digest);
    await nextTurn();
    if (!before) return { status: 'not_found' };
    if (before.status !== 'approved' || before.redeemedAt !== null) {
      return { status: 'not_redeemable', record: before };
    }
    await s.redeemDeviceCode(digest, now);
    return { status: 'redeemed', record: { ...before, redeemedAt: now } };
  },
});

const staleDecide: Break = (s) => ({
  ...s,
  async decideDeviceCode(digest, decision, now) {
    const before = await s.findByDeviceCode(digest);
    await nextTurn();
    if (!before) return { status: 'not_found' };
    if (before.status !== 'pending') return { status: 'not_pending', record: before };
    await s.decideDeviceCode(digest, decision, now);
    return { status: 'decided', record: before };
  },
});

const stalePoll: Break = (s) => ({
  ...s,
  async pollDeviceCode(digest, now) {
    const before = await s.findByDeviceCode(digest);
    await nextTurn();
    if (!before) return { status: 'not_found' };
    const tooSoon =
      before.lastPolledAt !== null &&
      now.getTime() - before.lastPolledAt.getTime() < before.interval * 1000;
    // The write happens, but the answer (and a read-modify-write interval) come from before.
    await s.pollDeviceCode(digest, now);
    return { status: tooSoon ? 'slow_down' : 'polled', record: before };
  },
});

const staleSave: Break = (s) => ({
  ...s,
  async saveDeviceCode(record) {
    const holder = await s.findByUserCode(record.userCodeDigest);
    await nextTurn();
    if (holder) return false;
    await s.saveDeviceCode(record);
    return true;
  },
});

/**
 * A store whose every step loads the whole record, yields (a round trip), and saves the whole
 * record back (an ORM's "load, change, save" without a version check): polls undo a decision
 * made while they were in flight.
 */
const loadChangeSave: Break = () => {
  const records = new Map<string, DeviceCodeRecord>();
  const load = async (digest: string) => {
    const r = records.get(digest);
    await nextTurn();
    return r ? structuredClone(r) : undefined;
  };
  const save = (r: DeviceCodeRecord) => void records.set(r.deviceCodeDigest, structuredClone(r));
  const find = (match: (r: DeviceCodeRecord) => boolean) => {
    const r = [...records.values()].find(match);
    return r ? structuredClone(r) : null;
  };
  return {
    async saveDeviceCode(record) {
      if (find((r) => r.userCodeDigest === record.userCodeDigest)) return false;
      save(record);
      return true;
    },
    findByDeviceCode: async (digest) => find((r) => r.deviceCodeDigest === digest),
    findByUserCode: async (digest) => find((r) => r.userCodeDigest === digest),
    async decideDeviceCode(digest, decision, now) {
      const r = await load(digest);
      if (!r) return { status: 'not_found' };
      if (r.status !== 'pending') return { status: 'not_pending', record: r };
      Object.assign(r, { status: decision.status, decidedAt: now });
      if (decision.status === 'approved') {
        Object.assign(r, { userId: decision.userId, grantedScope: decision.grantedScope });
      }
      save(r);
      return { status: 'decided', record: r };
    },
    async pollDeviceCode(digest, now) {
      const r = await load(digest);
      if (!r) return { status: 'not_found' };
      const tooSoon =
        r.lastPolledAt !== null && now.getTime() - r.lastPolledAt.getTime() < r.interval * 1000;
      if (tooSoon) r.interval += 5;
      r.lastPolledAt = now;
      save(r);
      return { status: tooSoon ? 'slow_down' : 'polled', record: r };
    },
    async redeemDeviceCode(digest, now) {
      const r = await load(digest);
      if (!r) return { status: 'not_found' };
      if (r.status !== 'approved' || r.redeemedAt !== null) {
        return { status: 'not_redeemable', record: r };
      }
      r.redeemedAt = now;
      save(r);
      return { status: 'redeemed', record: r };
    },
    deleteExpired: async () => 0,
  };
};

describe('the device code races catch non-atomic stores', () => {
  const cases: [string, Break][] = [
    ['race: 50 concurrent redeems', staleRedeem],
    ['race: 50 concurrent approvals and denials', staleDecide],
    ['race: 50 concurrent polls', stalePoll],
    ['race: 50 concurrent saves of one user code', staleSave],
    ['race: 50 polls racing the approval', loadChangeSave],
  ];
  for (const [prefix, breakage] of cases) {
    it(`${prefix}: passes on the memory store, fails on a check-then-act one`, async () => {
      await run(get(prefix));
      await expect(run(get(prefix), breakage)).rejects.toMatchObject({ name: 'AssertionError' });
    });
  }
});
