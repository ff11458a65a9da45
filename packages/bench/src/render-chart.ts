import { rowName, SCENARIO_SERVERS, SCENARIOS, type ScenarioName, serverSpec } from './catalog.js';

/** What the chart needs of a result cell (see `Cell` in run-scenario.ts). */
export interface ChartCell {
  scenario: ScenarioName;
  serverId: string;
  connections: number;
  rps: number;
}

const TITLES: Record<ScenarioName, string> = {
  client_credentials: '(a) client_credentials',
  code_exchange: '(b) code exchange with PKCE',
  bearer: '(c) bearer validation',
  introspection: '(d) introspection',
};

// Layout, in px.
const WIDTH = 760;
const LABEL = 270;
const BAR = 9;
const ROW = 2 * BAR + 8;
const HEADING = 30;
const SCALE_WIDTH = WIDTH - LABEL - 60;
const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];
const GROUP_COLORS = { ceiling: '#666', peer: '#333', oauthkit: '#0b3d91' } as const;

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG bar chart of each scenario's share of its ceiling (req/s divided by the ceiling
 * server's, same run, same connection count), one row per server, one bar per connection
 * count; the ceiling itself is left out (it is 1.0). Scales to the largest share, at least 1.
 */
export function renderShareChart(
  cells: readonly ChartCell[],
  connections: readonly number[],
): string {
  const rows: { scenario: ScenarioName; serverId: string; shares: number[] }[] = [];
  for (const scenario of SCENARIOS) {
    const { ceiling, servers } = SCENARIO_SERVERS[scenario];
    for (const serverId of servers) {
      if (serverId === ceiling) continue;
      const shares = connections.map((c) => {
        const find = (id: string) =>
          cells.find((x) => x.scenario === scenario && x.serverId === id && x.connections === c);
        const cell = find(serverId);
        const base = find(ceiling);
        return cell && base && base.rps > 0 ? cell.rps / base.rps : Number.NaN;
      });
      if (shares.some(Number.isFinite)) rows.push({ scenario, serverId, shares });
    }
  }
  const max = Math.max(1, ...rows.flatMap((r) => r.shares.filter(Number.isFinite)));
  const x = (share: number) => LABEL + (share / max) * SCALE_WIDTH;
  const out: string[] = [];
  let y = 44;
  let scenario: ScenarioName | null = null;
  for (const row of rows) {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      y += 8;
      out.push(
        `<text x="8" y="${y + 16}" font-weight="bold">${xmlEscape(TITLES[scenario])}</text>`,
        `<line x1="${x(1).toFixed(1)}" y1="${y + 22}" x2="${x(1).toFixed(1)}" y2="${y + HEADING + rowsOf(rows, scenario) * ROW}" stroke="#999" stroke-dasharray="3,3"/>`,
        `<text x="${(x(1) + 3).toFixed(1)}" y="${y + 20}" font-size="10" fill="#666">ceiling</text>`,
      );
      y += HEADING;
    }
    const spec = serverSpec(row.serverId);
    out.push(
      `<text x="${LABEL - 6}" y="${y + BAR + 4}" text-anchor="end" fill="${GROUP_COLORS[spec.group]}"${spec.group === 'oauthkit' ? ' font-weight="bold"' : ''}>${xmlEscape(rowName(spec))}</text>`,
    );
    row.shares.forEach((share, i) => {
      const top = y + i * BAR;
      if (!Number.isFinite(share)) return;
      out.push(
        `<rect x="${LABEL}" y="${top}" width="${(x(share) - LABEL).toFixed(1)}" height="${BAR - 1}" fill="${COLORS[i % COLORS.length]}"><title>${xmlEscape(`${rowName(spec)}, ${connections[i]} connections: ${share.toFixed(2)} of the ceiling`)}</title></rect>`,
        `<text x="${(x(share) + 4).toFixed(1)}" y="${top + BAR - 1}" font-size="10">${share.toFixed(2)}</text>`,
      );
    });
    y += ROW;
  }
  const legend = connections
    .map(
      (c, i) =>
        `<rect x="${8 + i * 130}" y="28" width="12" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${24 + i * 130}" y="37">${c} connections</text>`,
    )
    .join('');
  const height = y + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    "<title>oauthkit benchmarks: each scenario's share of its ceiling, per server and store</title>",
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="18" font-weight="bold">Share of the ceiling (req/s ÷ bare server's, same run)</text>`,
    legend,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

function rowsOf(rows: readonly { scenario: ScenarioName }[], scenario: ScenarioName): number {
  return rows.filter((r) => r.scenario === scenario).length;
}
