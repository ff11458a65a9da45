import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Stores } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import type { StoreSuiteContext } from '../suite-options.js';
import { atRestScenarios } from './at-rest.js';
import { clientRegistrationScenarios } from './client-registration.js';

/**
 * Each scenario of the client registration group (and the at-rest check it extends) must
 * fail a store broken the way a real one could be: the memory stores, broken in one way.
 */
type Break = (s: Stores) => Stores;

function run(scenario: Scenario, breakage?: Break) {
  const base = createMemorySuiteContext();
  const broken = breakage ?? ((s: Stores) => s);
  const context: StoreSuiteContext = {
    get stores() {
      return broken(base.stores);
    },
    raw: base.raw,
    reset: base.reset,
  };
  const h = createSuiteHarness(() => context, 'millisecond');
  return h.seed().then(() => scenario(h));
}

function get(group: Record<string, Scenario>, prefix: string): Scenario {
  const title = Object.keys(group).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return group[title]!;
}

type Dumped = Stores & { dump(): { tokens: { clientId: string; familyId: string }[] } };

/** A column the migration forgot: the registration access token digest is not kept. */
const dropsRegistrationToken: Break = (s) => ({
  ...s,
  clients: {
    ...s.clients,
    saveClient: ({ registrationAccessTokenDigest: _, ...record }) => s.clients.saveClient(record),
  },
});

/** Reads a NULL column back as `null` where the contract says absent. */
const nullRegistrationToken: Break = (s) => ({
  ...s,
  clients: {
    ...s.clients,
    async findClient(id) {
      const r = await s.clients.findClient(id);
      return r ? { registrationAccessTokenDigest: null, ...r } : null;
    },
  },
});

/** Revokes only the family of the client's first token (a lookup instead of an UPDATE). */
const firstFamilyOnly: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeClientTokens(clientId, now) {
      const first = (s as Dumped).dump().tokens.find((t) => t.clientId === clientId);
      return first ? s.tokens.revokeFamily(first.familyId, now) : 0;
    },
  },
});

/** A filter that lost its client id: every client's tokens go. */
const everyClient: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeClientTokens(_clientId, now) {
      const ids = new Set((s as Dumped).dump().tokens.map((t) => t.clientId));
      let n = 0;
      for (const id of ids) n += await s.tokens.revokeClientTokens!(id, now);
      return n;
    },
  },
});

/** Re-dates tokens revoked earlier, and counts them. */
const redatesRevoked: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeClientTokens(clientId, now) {
      const mine = (s as Dumped).dump().tokens.filter((t) => t.clientId === clientId);
      for (const t of mine) await s.tokens.revokeFamily(t.familyId, now);
      return mine.length;
    },
  },
});

/** Revokes the tokens it read first, one by one: a rotation in between escapes it. */
const staleSnapshot: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeClientTokens(clientId, now) {
      const dumped = (s as Dumped).dump().tokens as unknown as {
        clientId: string;
        accessTokenDigest: string;
        revokedAt: Date | null;
      }[];
      const mine = dumped.filter((t) => t.clientId === clientId && t.revokedAt === null);
      await nextTurn();
      let n = 0;
      for (const t of mine) if (await s.tokens.revokeAccessToken(t.accessTokenDigest, now)) n++;
      return n;
    },
  },
});

/** Takes `undefined` for "every client", as a dropped filter value does in Prisma. */
const uncheckedClientId: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    async revokeClientTokens(clientId, now) {
      if (clientId) return s.tokens.revokeClientTokens!(clientId, now);
      return 1;
    },
  },
});

const fails = expect.objectContaining({ name: 'AssertionError' });
const group = clientRegistrationScenarios;

describe('the client registration group catches broken stores', () => {
  it('every scenario passes on the memory stores', async () => {
    for (const scenario of Object.values(group)) await run(scenario);
  });

  it.each([
    ['keeps the registration', dropsRegistrationToken],
    ['keeps the registration', nullRegistrationToken],
    ['replacing a client', dropsRegistrationToken],
    ['revokeClientTokens revokes every', firstFamilyOnly],
    ['revokeClientTokens revokes every', everyClient],
    ['revokeClientTokens revokes every', redatesRevoked],
    ['revokeClientTokens racing rotations', staleSnapshot],
    ['revokeClientTokens refuses', uncheckedClientId],
    ['a dump holds the digests of registration', dropsRegistrationToken],
  ] as const)('"%s..." fails a broken store (%#)', async (prefix, breakage) => {
    await expect(run(get(group, prefix), breakage)).rejects.toEqual(fails);
  });

  it('the at-rest check fails a store that drops the registration access token digest', async () => {
    await expect(run(get(atRestScenarios, 'a full dump'), dropsRegistrationToken)).rejects.toEqual(
      fails,
    );
  });
});
