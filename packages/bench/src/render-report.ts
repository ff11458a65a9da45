import { rowName, SCENARIO_SERVERS, SCENARIOS, serverSpec } from './catalog.js';
import type { MachineInfo } from './machine-info.js';
import type { Cell } from './run-scenario.js';
import { TARGET_GROUPS, type TargetGroup } from './targets.js';

/** Everything a report says about one run. */
export interface RunReport {
  command: string;
  date: Date;
  machine: MachineInfo;
  versions: Record<string, string>;
  load: { start: number; end: number };
  settings: { duration: number; warmup: number; reps: number; connections: number[] };
  cells: Cell[];
  minutes: number;
}

const TITLES: Record<string, string> = {
  client_credentials: '(a) client_credentials token request, client_secret_basic',
  code_exchange:
    '(b) authorization-code exchange with PKCE (S256), client_secret_basic, each code used once',
  bearer: '(c) bearer-token validation on a protected route (scope `read`)',
  introspection: '(d) token introspection (RFC 7662), client_secret_basic',
};

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The results section of BENCHMARKS.md, in Markdown. */
export function renderReport(report: RunReport): string {
  const { machine, settings } = report;
  const lines: string[] = [];
  lines.push(
    `Command: \`${report.command}\` — ${report.date.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${fmt(report.minutes, 1)} minutes.`,
  );
  lines.push('');
  lines.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}. ` +
      `Load average (1 min) ${fmt(report.load.start, 2)} at the start, ${fmt(report.load.end, 2)} at the end; ` +
      'the load generator, the servers and the databases share those cores.',
  );
  lines.push('');
  lines.push(
    `Versions: ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  lines.push('');
  lines.push(
    `Each number is the median of ${settings.reps} runs of ${settings.duration} s (after a ${settings.warmup} s warm-up per server), ` +
      'servers alternating run by run; req/s counts 2xx responses only, and a run with any other answer is discarded. ' +
      'RSS is the server process after the run; CPU is the server process\'s CPU time (user + system, from /proc, 10 ms ticks) during the run divided by the responses it sent. "vs ceiling" divides by the ceiling row of the same table at the same connection count.',
  );
  for (const scenario of SCENARIOS) {
    const cells = report.cells.filter((c) => c.scenario === scenario);
    if (cells.length === 0) continue;
    const { ceiling } = SCENARIO_SERVERS[scenario];
    lines.push('', `### ${TITLES[scenario]}`, '');
    lines.push(
      '| server | HTTP | store | conns | req/s | CPU µs/req | p50 ms | p99 ms | RSS MB | vs ceiling | body B |',
    );
    lines.push('|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const connections of settings.connections) {
      const base = cells.find((c) => c.serverId === ceiling && c.connections === connections);
      for (const id of SCENARIO_SERVERS[scenario].servers) {
        const cell = cells.find((c) => c.serverId === id && c.connections === connections);
        if (!cell) continue;
        const spec = serverSpec(id);
        const name = id === ceiling ? `**${rowName(spec)}** (ceiling)` : rowName(spec);
        const ratio = base ? cell.rps / base.rps : Number.NaN;
        lines.push(
          `| ${name} | ${spec.http} | ${spec.store} | ${connections} | ${fmt(cell.rps)} | ${fmt(cell.cpuPerRequest)} | ${fmt(cell.p50, 2)} | ${fmt(cell.p99, 2)} | ` +
            `${fmt(cell.rssBytes / 2 ** 20)} | ${fmt(ratio, 2)} | ${fmt(cell.bodyBytes)} |`,
        );
      }
    }
    const problems = cells.filter((c) => c.problem);
    for (const cell of problems)
      lines.push('', `- ${cell.serverId}, ${cell.connections} connections: ${cell.problem}`);
  }
  for (const group of TARGET_GROUPS) lines.push(...targetTable(report, group));
  return lines.join('\n');
}

/**
 * One group's table: each target's ratio at every connection count, met when every ratio
 * is; under it, whether this run met every target of the group (only when all could be
 * measured). Nothing when none of its servers ran.
 */
export function targetTable(
  report: Pick<RunReport, 'cells' | 'settings'>,
  group: TargetGroup,
): string[] {
  const { connections } = report.settings;
  const rows: string[] = [];
  let met = 0;
  let missing = 0;
  for (const target of group.targets) {
    const ratios = connections.map((count) => {
      const find = (id: string) =>
        report.cells.find(
          (c) => c.scenario === target.scenario && c.serverId === id && c.connections === count,
        );
      const subject = find(target.subject);
      const reference = find(target.reference);
      return subject && reference ? subject.rps / reference.rps : Number.NaN;
    });
    if (ratios.every((r) => Number.isNaN(r))) {
      missing++;
      continue;
    }
    if (ratios.some((r) => Number.isNaN(r))) missing++;
    const ok = ratios.every((r) => r >= target.min);
    if (ok) met++;
    const label = `${target.scenario}: ${rowName(serverSpec(target.subject))} ≥ ${target.min}× ${rowName(serverSpec(target.reference))}`;
    rows.push(
      `| ${label} | ${ratios.map((r) => `${fmt(r, 2)}×`).join(' | ')} | ${ok ? 'yes' : 'no'} |`,
    );
  }
  if (rows.length === 0) return [];
  const total = group.targets.length;
  const verdict =
    missing > 0
      ? `${met} of ${total} targets met; ${missing} could not be measured in this run.`
      : met === total
        ? `All ${total} targets met in this run.`
        : `${met} of ${total} targets met in this run.`;
  return [
    '',
    `### ${group.title}`,
    '',
    `| target | ${connections.map((c) => `c=${c}`).join(' | ')} | met |`,
    `|---|${connections.map(() => '--:').join('|')}|:-:|`,
    ...rows,
    '',
    verdict,
  ];
}
