/**
 * Helpers of the store packages' cleanup-plan tests: seed a PostgreSQL database the way a live
 * server leaves it, and read which indexes the planner uses for `deleteExpired`.
 */

/** The instant the cleanup runs at in the plan checks; the seeded rows are dated around it. */
export const CLEANUP_NOW = new Date('2026-11-27T12:00:00.000Z');

/** How many tokens of each kind the table holds: the planner's choice depends on the mix. */
export interface TokenMix {
  /** authorization_code tokens (1 h access, 14 d refresh) issued over the last 14 days. */
  withRefresh: number;
  /** client_credentials tokens (1 h, no refresh token) issued over the last 66 minutes. */
  withoutRefresh: number;
}

/**
 * PostgreSQL SQL that fills the tokens and codes tables as a live server leaves them between
 * two cleanups: oldest rows first, most refresh tokens still valid, a few rows just expired
 * (codes live 10 minutes, issued over the last 11). ANALYZE last, so the planner knows.
 */
export function seedPostgres(mix: TokenMix, codes: number): string {
  const now = `timestamptz '${CLEANUP_NOW.toISOString()}'`;
  return `
    TRUNCATE oauth_tokens, oauth_authorization_codes;
    INSERT INTO oauth_tokens (access_token_digest, refresh_token_digest, family_id, client_id,
      user_id, scope, token_type, grant_type, issued_at, access_token_expires_at,
      refresh_token_expires_at)
    SELECT md5('a' || i) || md5('b' || i), md5('r' || i) || md5('s' || i), md5('f' || i),
      'client-' || i % 20, 'user-' || i % 500, 'openid', 'Bearer', 'authorization_code',
      t, t + interval '1 hour', t + interval '14 days'
    FROM (SELECT i, ${now} - i * interval '14.05 days' / ${mix.withRefresh} AS t
          FROM generate_series(1, ${mix.withRefresh}) i) s ORDER BY t;
    INSERT INTO oauth_tokens (access_token_digest, family_id, client_id, scope, token_type,
      grant_type, issued_at, access_token_expires_at)
    SELECT md5('c' || i) || md5('d' || i), md5('g' || i), 'client-' || i % 20, 'api',
      'Bearer', 'client_credentials', t, t + interval '1 hour'
    FROM (SELECT i, ${now} - i * interval '66 minutes' / ${mix.withoutRefresh} AS t
          FROM generate_series(1, ${mix.withoutRefresh}) i) s ORDER BY t;
    INSERT INTO oauth_authorization_codes (code_digest, client_id, user_id, redirect_uri,
      scope, family_id, issued_at, expires_at, consumed_at)
    SELECT md5('k' || i) || md5('l' || i), 'client-' || i % 20, 'user-' || i % 500,
      'https://app.example/cb', 'openid', md5('h' || i), t, t + interval '10 minutes',
      t + interval '5 seconds'
    FROM (SELECT i, ${now} - i * interval '11 minutes' / ${codes} AS t
          FROM generate_series(1, ${codes}) i) s ORDER BY t;
    ANALYZE oauth_tokens, oauth_authorization_codes;`;
}

/** One node of a PostgreSQL `EXPLAIN (FORMAT JSON)` plan. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/** Runs SQL with parameters on PostgreSQL and resolves the rows (any driver). */
export type PostgresQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Every node of the plan PostgreSQL chooses for `sql` with `params`, depth first. */
export async function explainPostgres(
  query: PostgresQuery,
  sql: string,
  params: unknown[],
): Promise<PlanNode[]> {
  const [row] = await query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const [{ Plan }] = row!['QUERY PLAN'] as [{ Plan: PlanNode }];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(Plan);
  return nodes;
}

/** The indexes the plan reads. */
export const indexNames = (nodes: PlanNode[]) =>
  nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));

/** Sequential scans that test an expiry themselves: what the indexes are there to avoid. */
export const seqScansOnExpiry = (nodes: PlanNode[]) =>
  nodes.filter((n) => n['Node Type'] === 'Seq Scan' && /expires_at/.test(n.Filter ?? ''));
