import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuthorizationCodeRecord, Stores, TokenRecord } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import type { RawReader, StoreSuiteContext } from '../suite-options.js';
import { expiredRecordRaceScenarios } from './expired-record-races.js';
import { expiredRecordScenarios } from './expired-records.js';

/**
 * The cleanup groups must fail the mistakes a `deleteExpired` can make. Wrong deletion rules
 * are simulated over the memory stores with tombstones: the broken cleanup marks records as
 * deleted by its own rule, and the stores and the raw reader stop seeing them.
 */
type TokenRule = (t: TokenRecord, now: number) => boolean;

interface Dumped {
  tokens: (Omit<TokenRecord, 'accessTokenExpiresAt' | 'refreshTokenExpiresAt'> & {
    accessTokenExpiresAt: string;
    refreshTokenExpiresAt: string | null;
  })[];
  codes: AuthorizationCodeRecord[];
}

function withTombstones(base: StoreSuiteContext, rule: TokenRule): StoreSuiteContext {
  const gone = new Set<string>();
  const { tokens } = base.stores;
  const stores: Stores = {
    ...base.stores,
    tokens: {
      ...tokens,
      findByAccessToken: async (d) => (gone.has(d) ? null : tokens.findByAccessToken(d)),
      async findByRefreshToken(d) {
        const r = await tokens.findByRefreshToken(d);
        return r && !gone.has(r.accessTokenDigest) ? r : null;
      },
      async deleteExpired(now) {
        const dumped = JSON.parse(await base.raw.dump()) as Dumped;
        let n = 0;
        for (const t of dumped.tokens) {
          const record = {
            ...t,
            accessTokenExpiresAt: new Date(t.accessTokenExpiresAt),
            refreshTokenExpiresAt: t.refreshTokenExpiresAt && new Date(t.refreshTokenExpiresAt),
          } as TokenRecord;
          if (!gone.has(t.accessTokenDigest) && rule(record, now.getTime())) {
            gone.add(t.accessTokenDigest);
            n++;
          }
        }
        return n;
      },
    },
  };
  const raw: RawReader = {
    ...base.raw,
    token: async (d) => (gone.has(d) ? null : base.raw.token(d)),
    async dump() {
      const dumped = JSON.parse(await base.raw.dump()) as Dumped;
      dumped.tokens = dumped.tokens.filter((t) => !gone.has(t.accessTokenDigest));
      return JSON.stringify(dumped);
    },
  };
  return { stores, raw, reset: base.reset };
}

function run(scenario: Scenario, broken: (c: StoreSuiteContext) => StoreSuiteContext) {
  const context = broken(createMemorySuiteContext());
  const h = createSuiteHarness(() => context, 'millisecond');
  return h.seed().then(() => scenario(h));
}

const intact = (c: StoreSuiteContext) => c;

function get(prefix: string): Scenario {
  const groups = { ...expiredRecordScenarios, ...expiredRecordRaceScenarios };
  const title = Object.keys(groups).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return groups[title]!;
}

const failsWith = (message: string) =>
  expect.objectContaining({ name: 'AssertionError', message: expect.stringContaining(message) });

const accessExpired: TokenRule = (t, now) => t.accessTokenExpiresAt.getTime() <= now;
const refreshDone = (t: TokenRecord, now: number) =>
  t.refreshTokenDigest === null ||
  (t.refreshTokenExpiresAt !== null && t.refreshTokenExpiresAt.getTime() <= now);

const onCodes = (
  c: StoreSuiteContext,
  deleteExpired: Stores['codes']['deleteExpired'],
  extra: Partial<Stores['codes']> = {},
): StoreSuiteContext => ({
  ...c,
  stores: { ...c.stores, codes: { ...c.stores.codes, deleteExpired, ...extra } },
});

describe('the cleanup groups fail broken deleteExpired implementations', () => {
  const rules = get('deleteExpired deletes a token only once');

  it('the tombstone harness itself passes with the right rule', async () => {
    await run(rules, (c) =>
      withTombstones(c, (t, now) => accessExpired(t, now) && refreshDone(t, now)),
    );
  });

  it('a cleanup that ignores the refresh token deletes tokens that can still be refreshed', async () => {
    await expect(run(rules, (c) => withTombstones(c, accessExpired))).rejects.toEqual(
      failsWith('expected 6 to be 3'),
    );
  });

  it('a cleanup that takes a null refresh expiry for expired deletes never-expiring tokens', async () => {
    const nullIsExpired: TokenRule = (t, now) =>
      accessExpired(t, now) &&
      (t.refreshTokenExpiresAt === null || t.refreshTokenExpiresAt.getTime() <= now);
    await expect(run(rules, (c) => withTombstones(c, nullIsExpired))).rejects.toEqual(
      failsWith('expected 4 to be 3'),
    );
  });

  it('a cleanup comparing with < instead of <= keeps what expires at the instant', async () => {
    const strictly = (c: StoreSuiteContext) =>
      onCodes(c, (now) => c.stores.codes.deleteExpired(new Date(now.getTime() - 1)));
    await run(get('deleteExpired deletes expired codes'), strictly);
    await expect(run(get('the expiry instant'), strictly)).rejects.toEqual(
      failsWith('expected +0 to be 1'),
    );
  });

  it('a read-then-delete cleanup counts records that concurrent calls deleted', async () => {
    const readThenDelete = (c: StoreSuiteContext) =>
      onCodes(c, async (now) => {
        const { codes } = JSON.parse(await c.raw.dump()) as Dumped;
        const expired = codes.filter((r) => Date.parse(String(r.expiresAt)) <= now.getTime());
        await nextTurn();
        await c.stores.codes.deleteExpired(now);
        return expired.length;
      });
    await run(get('deleteExpired deletes expired codes'), readThenDelete);
    await expect(run(get('5 concurrent cleanups'), readThenDelete)).rejects.toEqual(
      failsWith('code counts'),
    );
  });

  it('a cleanup that does not check now widens to every record', async () => {
    const unchecked = (c: StoreSuiteContext) =>
      onCodes(c, (now) =>
        c.stores.codes.deleteExpired(
          now instanceof Date && now.getTime() ? now : new Date(8.64e15),
        ),
      );
    await run(get('deleteExpired deletes expired codes'), unchecked);
    await expect(run(get('deleteExpired rejects an invalid now'), unchecked)).rejects.toEqual(
      failsWith('instead of rejecting'),
    );
  });

  it('a consumeCode that upserts brings a deleted code back', async () => {
    const upserting = (c: StoreSuiteContext) =>
      onCodes(c, c.stores.codes.deleteExpired, {
        async consumeCode(digest, now) {
          const result = await c.stores.codes.consumeCode(digest, now);
          if (result.status !== 'not_found') return result;
          const { codes } = JSON.parse(await c.raw.dump()) as Dumped;
          const template = codes[0]!;
          // Like an upsert: the first call recreates the code, later ones update it.
          await c.stores.codes
            .saveCode({
              ...template,
              codeDigest: digest,
              issuedAt: new Date(template.issuedAt),
              expiresAt: new Date(template.expiresAt),
              consumedAt: now,
              replayedAt: null,
            })
            .catch(() => {});
          return { status: 'not_found' };
        },
      });
    await run(get('deleteExpired deletes expired codes'), upserting);
    await expect(run(get('a cleanup racing 20 consumeCode'), upserting)).rejects.toEqual(
      failsWith('to be null'),
    );
  });

  it('every scenario of both groups passes on the intact memory stores', async () => {
    for (const scenario of [
      ...Object.values(expiredRecordScenarios),
      ...Object.values(expiredRecordRaceScenarios),
    ]) {
      await run(scenario, intact);
    }
  });
});
