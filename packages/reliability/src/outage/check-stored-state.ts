import { digestToken, type Stores } from '@oauthkit/core';
import type { FlowEvent } from './flow-load.js';

/** A token row as the database holds it, read directly (never through the stores). */
export interface StoredToken {
  accessTokenDigest: string;
  refreshTokenDigest: string | null;
  familyId: string;
  grantType: string;
  rotated: boolean;
  /** Required fields that are absent or empty: a half-written record. */
  missingFields: string[];
}

/** A code row as the database holds it. */
export interface StoredCode {
  codeDigest: string;
  consumed: boolean;
}

/** Everything a store holds after a run, read directly from its database. */
export interface StoredState {
  tokens: StoredToken[];
  codes: StoredCode[];
}

/** Options of {@link checkStoredState}. */
export interface StoredStateCheckOptions {
  /** Calls whose tokens are all looked up through `direct` (the rest are sampled). */
  focus: (event: FlowEvent) => boolean;
  /** How many other issued tokens to look up (default 300). */
  sample?: number;
}

/**
 * Checks the database after an outage against what the clients were told (SECURITY 27):
 * every token answered with a 200 is stored, complete and findable by both its digests
 * through fresh stores; no record is half-written; every rotation inserted its successor
 * (per family, rotated rows = rows - 1); a code gave at most one token; every code
 * exchanged with a 200 is consumed. Resolves the problems and the number of stored tokens
 * no client ever received (a commit whose answer was lost: harmless, reported).
 *
 * @example
 * const { problems } = await checkStoredState(await readState(), analysis.issued, direct, { focus });
 */
export async function checkStoredState(
  state: StoredState,
  issued: readonly FlowEvent[],
  direct: Stores,
  options: StoredStateCheckOptions,
): Promise<{ problems: string[]; orphanTokens: number }> {
  const problems: string[] = [];
  const rows = new Map(state.tokens.map((t) => [t.accessTokenDigest, t]));
  const received = new Set<string>();
  for (const e of issued) {
    const digest = digestToken(e.accessToken!);
    received.add(digest);
    const row = rows.get(digest);
    if (!row) problems.push(`${e.step} 200 at ${Math.round(e.start)} ms: token not stored`);
    else if (e.refreshToken !== null && row.refreshTokenDigest !== digestToken(e.refreshToken)) {
      problems.push(`${e.step} 200: stored refresh token differs`);
    }
  }
  for (const row of state.tokens) {
    if (row.missingFields.length > 0) {
      problems.push(`half-written token ${row.accessTokenDigest}: ${row.missingFields.join()}`);
    }
  }
  const families = new Map<string, StoredToken[]>();
  for (const row of state.tokens)
    families.set(row.familyId, [...(families.get(row.familyId) ?? []), row]);
  for (const [familyId, members] of families) {
    const rotated = members.filter((m) => m.rotated).length;
    if (rotated !== members.length - 1) {
      problems.push(`family ${familyId}: ${rotated} rotated of ${members.length} rows`);
    }
    if (members.filter((m) => m.grantType === 'authorization_code').length > 1) {
      problems.push(`family ${familyId}: one code gave several tokens`);
    }
  }
  const consumed = new Map(state.codes.map((c) => [c.codeDigest, c.consumed]));
  for (const e of issued) {
    if (e.step === 'code' && consumed.get(digestToken(e.presented!)) !== true) {
      problems.push('a code exchanged with a 200 is not consumed');
    }
  }
  problems.push(...(await lookUp(issued, direct, options)));
  const orphanTokens = state.tokens.filter((t) => !received.has(t.accessTokenDigest)).length;
  return { problems, orphanTokens };
}

// Through fresh stores on a direct connection: a record the stores cannot find (a Redis
// pointer missing, say) is as lost as one never written.
async function lookUp(
  issued: readonly FlowEvent[],
  direct: Stores,
  options: StoredStateCheckOptions,
): Promise<string[]> {
  const focused = issued.filter(options.focus);
  const others = issued.filter((e) => !options.focus(e));
  const step = Math.max(1, Math.floor(others.length / (options.sample ?? 300)));
  const chosen = [...focused, ...others.filter((_, i) => i % step === 0)];
  const check = async (e: FlowEvent): Promise<string[]> => {
    const digest = digestToken(e.accessToken!);
    const found: string[] = [];
    const byAccess = await direct.tokens.findByAccessToken(digest);
    if (byAccess?.accessTokenDigest !== digest)
      found.push(`${e.step} 200: not found by access token`);
    if (e.refreshToken === null) return found;
    const byRefresh = await direct.tokens.findByRefreshToken(digestToken(e.refreshToken));
    if (byRefresh?.accessTokenDigest !== digest)
      found.push(`${e.step} 200: not found by refresh token`);
    return found;
  };
  const problems: string[] = [];
  for (let i = 0; i < chosen.length; i += 50) {
    for (const found of await Promise.all(chosen.slice(i, i + 50).map(check)))
      problems.push(...found);
  }
  return problems;
}
