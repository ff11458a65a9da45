import type { DeviceCodeRecord, DeviceCodeStore } from '@oauthkit/core';
import { expect } from 'vitest';
import type { Scenarios, SuiteHarness } from '../suite-harness.js';
import { RACE_CALLS } from './races.js';

const indexes = Array.from({ length: RACE_CALLS }, (_, i) => i);

/** The store under test; the group is skipped (with its reason) for stores without one. */
function store(h: SuiteHarness): DeviceCodeStore {
  const s = h.stores.deviceCodes;
  if (!s) throw new Error('no deviceCodes store');
  return s;
}

/** Checks `record` is what is stored: through the store (both lookups) and the raw reader. */
async function expectStoredDeviceCode(h: SuiteHarness, record: DeviceCodeRecord): Promise<void> {
  expect(await store(h).findByDeviceCode(record.deviceCodeDigest)).toEqual(record);
  expect(await store(h).findByUserCode(record.userCodeDigest)).toEqual(record);
  if (h.raw.deviceCode) {
    expect(await h.raw.deviceCode(record.deviceCodeDigest)).toEqual({
      status: record.status,
      interval: record.interval,
      polled: record.lastPolledAt !== null,
      redeemed: record.redeemedAt !== null,
      userId: record.userId,
    });
  }
}

async function saved(h: SuiteHarness, overrides: Partial<DeviceCodeRecord> = {}) {
  const { record } = h.make.deviceCode(overrides);
  expect(await store(h).saveDeviceCode(record)).toBe(true);
  return record;
}

const approval = (userId = 'user-1') =>
  ({
    status: 'approved',
    userId,
    grantedScope: 'openid',
    extensions: { authTime: 1_700_000_000, acr: 'urn:mace:incommon:iap:silver' },
  }) as const;

/** Device authorizations (RFC 8628): round trips, single decisions, polls, single redemption. */
export const deviceCodeScenarios: Scenarios = {
  'saves a pending device code and finds it by device code and by user code': async (h) => {
    const record = await saved(h, { scope: 'openid lire:文档' });
    await expectStoredDeviceCode(h, record);
  },

  'a user code already held is refused with false and writes nothing': async (h) => {
    const first = await saved(h);
    const second = h.make.deviceCode({ userCodeDigest: first.userCodeDigest }).record;
    expect(await store(h).saveDeviceCode(second)).toBe(false);
    expect(await store(h).findByDeviceCode(second.deviceCodeDigest)).toBeNull();
    await expectStoredDeviceCode(h, first);
  },

  'saving a device code digest already stored is refused and never overwrites it': async (h) => {
    const first = await saved(h);
    const again = h.make.deviceCode({ deviceCodeDigest: first.deviceCodeDigest }).record;
    await expect(store(h).saveDeviceCode(again)).rejects.toThrow();
    await expectStoredDeviceCode(h, first);
  },

  'unknown digests: null and not_found, nothing written': async (h) => {
    await saved(h);
    const unknown = h.make.deviceCode().record;
    const now = h.make.date(1);
    expect(await store(h).findByDeviceCode(unknown.deviceCodeDigest)).toBeNull();
    expect(await store(h).findByUserCode(unknown.userCodeDigest)).toBeNull();
    const digest = unknown.deviceCodeDigest;
    expect(await store(h).decideDeviceCode(digest, approval(), now)).toEqual({
      status: 'not_found',
    });
    expect(await store(h).pollDeviceCode(digest, now)).toEqual({ status: 'not_found' });
    expect(await store(h).redeemDeviceCode(digest, now)).toEqual({ status: 'not_found' });
    expect(await h.raw.deviceCode?.(digest)).toBeFalsy();
  },

  'approves once from pending, keeping user, granted scope and extensions': async (h) => {
    const record = await saved(h);
    const now = h.make.date(1);
    const result = await store(h).decideDeviceCode(record.deviceCodeDigest, approval(), now);
    const approved: DeviceCodeRecord = {
      ...record,
      status: 'approved',
      userId: 'user-1',
      grantedScope: 'openid',
      decidedAt: now,
      extensions: approval().extensions,
    };
    expect(result).toEqual({ status: 'decided', record: approved });
    await expectStoredDeviceCode(h, approved);
    const later = h.make.date(2);
    expect(
      await store(h).decideDeviceCode(record.deviceCodeDigest, { status: 'denied' }, later),
    ).toEqual({ status: 'not_pending', record: approved });
    await expectStoredDeviceCode(h, approved);
  },

  'denies once from pending; a later approval is not_pending': async (h) => {
    const record = await saved(h);
    const now = h.make.date(1);
    const denied: DeviceCodeRecord = { ...record, status: 'denied', decidedAt: now };
    expect(
      await store(h).decideDeviceCode(record.deviceCodeDigest, { status: 'denied' }, now),
    ).toEqual({ status: 'decided', record: denied });
    const result = await store(h).decideDeviceCode(
      record.deviceCodeDigest,
      approval(),
      h.make.date(2),
    );
    expect(result).toEqual({ status: 'not_pending', record: denied });
    await expectStoredDeviceCode(h, denied);
  },

  'polls: too soon is slow_down and raises the interval by 5 s for good': async (h) => {
    const record = await saved(h);
    const digest = record.deviceCodeDigest;
    const t0 = h.make.date(10);
    const first = await store(h).pollDeviceCode(digest, t0);
    expect(first).toEqual({ status: 'polled', record: { ...record, lastPolledAt: t0 } });
    const t1 = h.make.date(12); // under 5 s later
    const second = await store(h).pollDeviceCode(digest, t1);
    expect(second).toEqual({
      status: 'slow_down',
      record: { ...record, lastPolledAt: t1, interval: 10 },
    });
    const t2 = h.make.date(20); // 8 s later: over the old interval, under the new one
    expect((await store(h).pollDeviceCode(digest, t2)).status).toBe('slow_down');
    const t3 = h.make.date(40);
    const fourth = await store(h).pollDeviceCode(digest, t3);
    expect(fourth).toEqual({
      status: 'polled',
      record: { ...record, lastPolledAt: t3, interval: 15 },
    });
    await expectStoredDeviceCode(h, { ...record, lastPolledAt: t3, interval: 15 });
  },

  'redeems only an approved code, and only once': async (h) => {
    const pending = await saved(h);
    const now = h.make.date(1);
    expect(await store(h).redeemDeviceCode(pending.deviceCodeDigest, now)).toEqual({
      status: 'not_redeemable',
      record: pending,
    });
    const denied = await saved(h);
    await store(h).decideDeviceCode(denied.deviceCodeDigest, { status: 'denied' }, now);
    expect((await store(h).redeemDeviceCode(denied.deviceCodeDigest, now)).status).toBe(
      'not_redeemable',
    );
    const approved = await saved(h);
    const decided = await store(h).decideDeviceCode(approved.deviceCodeDigest, approval(), now);
    const t = h.make.date(2);
    const won = await store(h).redeemDeviceCode(approved.deviceCodeDigest, t);
    const redeemed = { ...(decided as { record: DeviceCodeRecord }).record, redeemedAt: t };
    expect(won).toEqual({ status: 'redeemed', record: redeemed });
    expect(await store(h).redeemDeviceCode(approved.deviceCodeDigest, h.make.date(3))).toEqual({
      status: 'not_redeemable',
      record: redeemed,
    });
    await expectStoredDeviceCode(h, redeemed);
  },

  'caller mistakes are TypeErrors and never reach the store': async (h) => {
    const s = store(h);
    const now = h.make.date(1);
    const bad: [string, () => Promise<unknown>][] = [
      ['empty device digest', () => s.findByDeviceCode('')],
      ['empty user digest', () => s.findByUserCode('')],
      ['invalid date', () => s.pollDeviceCode('d', new Date(Number.NaN))],
      [
        'decision without user',
        () => s.decideDeviceCode('d', { status: 'approved' } as never, now),
      ],
      ['unknown decision', () => s.decideDeviceCode('d', { status: 'maybe' } as never, now)],
      ['redeem without date', () => s.redeemDeviceCode('d', undefined as never)],
    ];
    for (const status of ['approved', 'denied'] as const) {
      const r = h.make.deviceCode({ status }).record;
      bad.push([`new record ${status}`, () => s.saveDeviceCode(r)]);
    }
    const zero = h.make.deviceCode({ interval: 0 }).record;
    bad.push(['interval 0', () => s.saveDeviceCode(zero)]);
    const redeemed = h.make.deviceCode({ redeemedAt: now }).record;
    bad.push(['new record redeemed', () => s.saveDeviceCode(redeemed)]);
    for (const [what, call] of bad) await expect(call(), what).rejects.toThrow(TypeError);
    expect(await h.raw.deviceCode?.(zero.deviceCodeDigest)).toBeFalsy();
    expect(await h.raw.deviceCode?.(redeemed.deviceCodeDigest)).toBeFalsy();
  },

  'deleteExpired deletes expired records whatever their status, and only those': async (h) => {
    const expired = await saved(h, { expiresAt: h.make.date(100) });
    const approvedExpired = await saved(h, { expiresAt: h.make.date(100) });
    await store(h).decideDeviceCode(approvedExpired.deviceCodeDigest, approval(), h.make.date(1));
    const live = await saved(h, { expiresAt: h.make.date(600) });
    expect(await store(h).deleteExpired(h.make.date(200))).toBe(2);
    expect(await store(h).findByDeviceCode(expired.deviceCodeDigest)).toBeNull();
    expect(await store(h).findByUserCode(approvedExpired.userCodeDigest)).toBeNull();
    await expectStoredDeviceCode(h, live);
    expect(await store(h).deleteExpired(h.make.date(200))).toBe(0);
  },

  [`race: ${RACE_CALLS} concurrent redeems of an approved code: exactly one redeemed`]: async (
    h,
  ) => {
    const record = await saved(h);
    await store(h).decideDeviceCode(record.deviceCodeDigest, approval(), h.make.date(1));
    const nows = indexes.map((i) => h.make.date(i + 2));
    const results = await Promise.all(
      indexes.map((i) => store(h).redeemDeviceCode(record.deviceCodeDigest, nows[i]!)),
    );
    const winners = indexes.filter((i) => results[i]!.status === 'redeemed');
    expect(winners, 'calls that redeemed the code').toHaveLength(1);
    const stored = await store(h).findByDeviceCode(record.deviceCodeDigest);
    expect(stored!.redeemedAt).toEqual(nows[winners[0]!]);
  },

  [`race: ${RACE_CALLS} concurrent approvals and denials: exactly one decides`]: async (h) => {
    const record = await saved(h);
    const results = await Promise.all(
      indexes.map((i) =>
        store(h).decideDeviceCode(
          record.deviceCodeDigest,
          i % 2 === 0 ? approval(`user-${i}`) : { status: 'denied' },
          h.make.date(i + 1),
        ),
      ),
    );
    const winners = indexes.filter((i) => results[i]!.status === 'decided');
    expect(winners, 'calls that decided').toHaveLength(1);
    const winner = winners[0]!;
    const stored = await store(h).findByDeviceCode(record.deviceCodeDigest);
    expect(stored!.status).toBe(winner % 2 === 0 ? 'approved' : 'denied');
    expect(stored!.userId).toBe(winner % 2 === 0 ? `user-${winner}` : null);
    for (const r of results) {
      if (r.status === 'not_pending') expect(r.record).toEqual(stored);
    }
  },

  [`race: ${RACE_CALLS} concurrent polls at one instant: one polled, every other slow_down counted`]:
    async (h) => {
      const record = await saved(h);
      const now = h.make.date(10);
      const results = await Promise.all(
        indexes.map(() => store(h).pollDeviceCode(record.deviceCodeDigest, now)),
      );
      expect(results.filter((r) => r.status === 'polled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'slow_down')).toHaveLength(RACE_CALLS - 1);
      const stored = await store(h).findByDeviceCode(record.deviceCodeDigest);
      // Each slow_down raised the interval once: no increment lost to a concurrent one.
      expect(stored!.interval).toBe(5 + 5 * (RACE_CALLS - 1));
    },

  [`race: ${RACE_CALLS} polls racing the approval: the approval is never lost`]: async (h) => {
    const record = await saved(h);
    const now = h.make.date(10);
    const poll = () => store(h).pollDeviceCode(record.deviceCodeDigest, now);
    const half = RACE_CALLS / 2;
    // The approval starts while half the polls are in flight, and the other half after it.
    const results = await Promise.all([
      ...indexes.slice(0, half).map(poll),
      store(h).decideDeviceCode(record.deviceCodeDigest, approval(), h.make.date(9)),
      ...indexes.slice(half).map(poll),
    ]);
    const decided = results[half]!;
    const polls = results.filter((_, i) => i !== half);
    expect(decided.status).toBe('decided');
    const stored = await store(h).findByDeviceCode(record.deviceCodeDigest);
    // A poll that wrote back a record read before the approval would have undone it.
    expect(stored).toMatchObject({ status: 'approved', userId: 'user-1', grantedScope: 'openid' });
    const slowDowns = polls.filter((p) => p.status === 'slow_down').length;
    expect(stored!.interval).toBe(5 + 5 * slowDowns);
    expect((await store(h).redeemDeviceCode(record.deviceCodeDigest, now)).status).toBe('redeemed');
  },

  [`race: ${RACE_CALLS} concurrent saves of one user code: exactly one saved`]: async (h) => {
    const userCodeDigest = h.make.deviceCode().record.userCodeDigest;
    const records = indexes.map(() => h.make.deviceCode({ userCodeDigest }).record);
    const results = await Promise.all(records.map((r) => store(h).saveDeviceCode(r)));
    expect(results.filter((r) => r === true)).toHaveLength(1);
    const holder = await store(h).findByUserCode(userCodeDigest);
    expect(holder!.deviceCodeDigest).toBe(records[results.indexOf(true)]!.deviceCodeDigest);
  },
};
