import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Stores, TokenRecord } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import type { DatePrecision } from '../record-factory.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import type { RawReader } from '../suite-options.js';
import { atRestScenarios } from './at-rest.js';
import { codeScenarios } from './codes.js';
import { RACE_CALLS, raceScenarios } from './races.js';
import { rotationScenarios } from './rotation.js';
import { tokenScenarios } from './tokens.js';

/**
 * The suite must fail the mistakes real stores make. Each case breaks the memory stores in
 * one typical way (read-then-write without a lock, a snapshot revocation, truncated dates,
 * an empty dump...) and checks that the scenario meant to catch it fails, while a scenario
 * that cannot see the bug still passes, so the failure is the bug and not a broken harness.
 */
interface Breakage {
  stores?: (s: Stores, raw: RawReader) => Stores;
  raw?: (raw: RawReader) => RawReader;
}

function run(
  scenario: Scenario,
  breakage: Breakage = {},
  precision: DatePrecision = 'millisecond',
) {
  const base = createMemorySuiteContext();
  const context = {
    ...base,
    stores: breakage.stores ? breakage.stores(base.stores, base.raw) : base.stores,
    raw: breakage.raw ? breakage.raw(base.raw) : base.raw,
  };
  const h = createSuiteHarness(() => context, precision);
  return h.seed().then(() => scenario(h));
}

function get(group: Record<string, Scenario>, prefix: string): Scenario {
  const title = Object.keys(group).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return group[title]!;
}

const failsWith = (message: string) =>
  expect.objectContaining({ name: 'AssertionError', message: expect.stringContaining(message) });

const readThenConsume: Breakage = {
  stores: (s) => ({
    ...s,
    codes: {
      ...s.codes,
      async consumeCode(digest, now) {
        const before = await s.codes.findCode(digest);
        await nextTurn();
        const result = await s.codes.consumeCode(digest, now);
        // Trusts the earlier read, like `SELECT` then `UPDATE` without `WHERE consumed_at IS NULL`.
        return before?.consumedAt === null ? { status: 'consumed', code: before } : result;
      },
    },
  }),
};

const readThenRotate: Breakage = {
  stores: (s) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async rotateRefreshToken(digest, next, now) {
        const old = await s.tokens.findByRefreshToken(digest);
        await nextTurn();
        if (!old || old.revokedAt !== null || old.rotatedAt !== null) return false;
        // Ignores whether its own write won.
        await s.tokens.rotateRefreshToken(digest, next, now);
        return true;
      },
    },
  }),
};

const readThenRevoke: Breakage = {
  stores: (s) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async revokeAccessToken(digest, now) {
        const found = await s.tokens.findByAccessToken(digest);
        await nextTurn();
        await s.tokens.revokeAccessToken(digest, now);
        return found !== null && found.revokedAt === null;
      },
    },
  }),
};

const snapshotFamilyRevocation: Breakage = {
  stores: (s, raw) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async revokeFamily(familyId, now) {
        // Lists the family, then revokes that list: a record inserted meanwhile survives.
        const { tokens } = JSON.parse(await raw.dump()) as { tokens: TokenRecord[] };
        const members = tokens.filter((t) => t.familyId === familyId);
        await nextTurn();
        let n = 0;
        for (const t of members)
          if (await s.tokens.revokeAccessToken(t.accessTokenDigest, now)) n++;
        return n;
      },
    },
  }),
};

const truncateMs = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const secondsOnly: Breakage = {
  stores: (s) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async findByAccessToken(digest) {
        const r = await s.tokens.findByAccessToken(digest);
        return r && { ...r, issuedAt: truncateMs(r.issuedAt) };
      },
    },
  }),
};

const hidesRevoked: Breakage = {
  stores: (s) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async findByRefreshToken(digest) {
        const r = await s.tokens.findByRefreshToken(digest);
        return r?.revokedAt === null ? r : null;
      },
    },
  }),
};

const revokeThenInsert: Breakage = {
  stores: (s) => ({
    ...s,
    tokens: {
      ...s.tokens,
      async rotateRefreshToken(digest, next, now) {
        const old = await s.tokens.findByRefreshToken(digest);
        if (!old || old.revokedAt !== null || old.rotatedAt !== null) return false;
        // Two statements, no transaction: the insert can fail after the update.
        await s.tokens.revokeAccessToken(old.accessTokenDigest, now);
        await s.tokens.saveToken(next);
        return true;
      },
    },
  }),
};

describe('the suite fails broken stores', () => {
  it('a read-then-write consumeCode loses the concurrent consumption race', async () => {
    await run(get(codeScenarios, 'consumes a code once'), readThenConsume);
    await expect(
      run(get(raceScenarios, `${RACE_CALLS} concurrent consumeCode`), readThenConsume),
    ).rejects.toEqual(failsWith('calls that consumed the code'));
  });

  it('a read-then-write rotation loses the concurrent rotation race', async () => {
    await run(get(rotationScenarios, 'refuses to rotate an already rotated'), readThenRotate);
    await expect(
      run(get(raceScenarios, `${RACE_CALLS} concurrent rotations`), readThenRotate),
    ).rejects.toEqual(failsWith('rotations that resolved true'));
  });

  it('a read-then-write revocation loses the concurrent revocation race', async () => {
    await run(get(tokenScenarios, 'revokes an access token once'), readThenRevoke);
    await expect(
      run(get(raceScenarios, `${RACE_CALLS} concurrent revocations`), readThenRevoke),
    ).rejects.toEqual(failsWith('to have a length of 1 but got 50'));
  });

  it('a snapshot revokeFamily leaves a concurrently rotated token active', async () => {
    await run(get(tokenScenarios, 'revokes a whole family'), snapshotFamilyRevocation);
    await expect(
      run(get(raceScenarios, 'revokeFamily racing'), snapshotFamilyRevocation),
    ).rejects.toEqual(failsWith('stored active'));
  });

  it('a store truncating milliseconds fails, unless it declares second precision', async () => {
    const dates = get(tokenScenarios, 'round-trips every date');
    await expect(run(dates, secondsOnly)).rejects.toEqual(failsWith('issuedAt'));
    await run(dates, secondsOnly, 'second');
  });

  it('lookups that hide revoked tokens fail the rotation check (replays must be seen)', async () => {
    await run(get(tokenScenarios, 'saves a token'), hidesRevoked);
    await expect(
      run(get(rotationScenarios, 'rotates a refresh token'), hidesRevoked),
    ).rejects.toEqual(failsWith('expected null to deeply equal'));
  });

  it('a rotation in two unguarded steps fails the all-or-nothing check', async () => {
    await run(get(rotationScenarios, 'refuses to rotate an unknown'), revokeThenInsert);
    await expect(
      run(get(rotationScenarios, 'rotation is all or nothing'), revokeThenInsert),
    ).rejects.toEqual(failsWith('to deeply equal'));
  });

  it('an empty dump fails the at-rest check instead of passing it', async () => {
    const emptyDump: Breakage = { raw: (raw) => ({ ...raw, dump: async () => '{}' }) };
    await run(get(atRestScenarios, 'a full dump'));
    await expect(run(get(atRestScenarios, 'a full dump'), emptyDump)).rejects.toEqual(
      failsWith('dump misses a stored digest'),
    );
  });
});
