import { OPERATIONS, type Operation } from './measure-round-trips.js';

const HEADINGS: Record<Operation, string> = {
  client_authentication: 'client authentication',
  client_credentials: 'client_credentials',
  code_exchange: 'code exchange',
  refresh: 'refresh (no rotation)',
  refresh_rotation: 'refresh rotation',
  bearer: 'bearer validation',
  introspection: 'introspection',
  revocation_access: 'revocation (access token)',
  revocation_refresh: 'revocation (refresh token)',
};

/** A Markdown table: one row per operation, one column per store. */
export function renderRoundTripTable(
  rows: readonly { store: string; counts: Record<Operation, number> }[],
): string {
  const lines = [
    `| operation | ${rows.map((r) => r.store).join(' | ')} |`,
    `|---|${rows.map(() => '--:').join('|')}|`,
  ];
  for (const op of OPERATIONS) {
    lines.push(`| ${HEADINGS[op]} | ${rows.map((r) => r.counts[op]).join(' | ')} |`);
  }
  return lines.join('\n');
}
