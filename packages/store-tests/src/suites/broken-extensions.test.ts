import type { Stores, TokenRecord } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { createMemorySuiteContext } from '../memory-suite-context.js';
import { createSuiteHarness, type Scenario } from '../suite-harness.js';
import { extensionScenarios } from './extensions.js';

/**
 * The record-extensions group must fail a store that loses `extensions`: one without the
 * column (it saves every record without them), one that forgets them only when it rotates
 * (its insert of `next` lists the columns by hand), and one that flattens them to a string.
 */
type Break = (s: Stores) => Stores;

function run(scenario: Scenario, breakage: Break = (s) => s) {
  const base = createMemorySuiteContext();
  const context = { ...base, stores: breakage(base.stores) };
  const h = createSuiteHarness(() => context, 'millisecond');
  return h.seed().then(() => scenario(h));
}

function get(prefix: string): Scenario {
  const title = Object.keys(extensionScenarios).find((t) => t.startsWith(prefix));
  if (!title) throw new Error(`no scenario starting with ${prefix}`);
  return extensionScenarios[title]!;
}

const fails = (message: string) =>
  expect.objectContaining({ name: 'AssertionError', message: expect.stringContaining(message) });

const drop = <T extends { extensions?: unknown }>(record: T): T => {
  const { extensions: _, ...rest } = record;
  return rest as T;
};

/** No extensions column: every record is saved without them (and reads `{}`). */
const noColumn: Break = (s) => ({
  ...s,
  codes: { ...s.codes, saveCode: (record) => s.codes.saveCode(drop(record)) },
  tokens: {
    ...s.tokens,
    saveToken: (record) => s.tokens.saveToken(drop(record)),
    rotateRefreshToken: (digest, next, now, accessOnly) =>
      s.tokens.rotateRefreshToken(digest, drop(next), now, accessOnly && drop(accessOnly)),
  },
});

/** Saves extensions, but the rotation's inserts leave them out. */
const rotationForgets: Break = (s) => ({
  ...s,
  tokens: {
    ...s.tokens,
    rotateRefreshToken: (digest, next, now, accessOnly) =>
      s.tokens.rotateRefreshToken(digest, drop(next), now, accessOnly && drop(accessOnly)),
  },
});

/** Reads the column back without parsing it. */
const unparsed: Break = (s) => {
  const flatten = (r: TokenRecord | null) =>
    r && ({ ...r, extensions: JSON.stringify(r.extensions) } as unknown as TokenRecord);
  return {
    ...s,
    tokens: {
      ...s.tokens,
      findByAccessToken: async (digest) => flatten(await s.tokens.findByAccessToken(digest)),
      findByRefreshToken: async (digest) => flatten(await s.tokens.findByRefreshToken(digest)),
    },
  };
};

describe('the record-extensions group fails stores that lose extensions', () => {
  it('a store without the column fails the code and token checks', async () => {
    await run(get('codes keep'));
    await run(get('tokens keep'));
    // Records without extensions still read `{}` there: the bug is only seen with values.
    await run(get('a code or token saved without'), noColumn);
    await expect(run(get('codes keep'), noColumn)).rejects.toEqual(fails('to deeply equal'));
    await expect(run(get('tokens keep'), noColumn)).rejects.toEqual(fails('to deeply equal'));
  });

  it('a rotation that drops next and accessOnly extensions fails the rotation check', async () => {
    await run(get('rotation stores'));
    await run(get('tokens keep'), rotationForgets);
    await expect(run(get('rotation stores'), rotationForgets)).rejects.toEqual(
      fails('to deeply equal'),
    );
  });

  it('extensions read back as a JSON string fail', async () => {
    await expect(run(get('tokens keep'), unparsed)).rejects.toEqual(fails('to deeply equal'));
    await expect(run(get('a code or token saved without'), unparsed)).rejects.toEqual(
      fails('to deeply equal'),
    );
  });
});
