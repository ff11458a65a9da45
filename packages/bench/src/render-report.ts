import { rowName, SCENARIO_SERVERS, SCENARIOS, serverSpec } from './catalog.js';
import type { MachineInfo } from './machine-info.js';
import type { Cell } from './run-scenario.js';
import { TARGETS } from './targets.js';

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
  lines.push('', '### Targets', '');
  lines.push(`| target | ${settings.connections.map((c) => `c=${c}`).join(' | ')} | met |`);
  lines.push(`|---|${settings.connections.map(() => '--:').join('|')}|:-:|`);
  for (const target of TARGETS) {
    const ratios = settings.connections.map((connections) => {
      const find = (id: string) =>
        report.cells.find(
          (c) =>
            c.scenario === target.scenario && c.serverId === id && c.connections === connections,
        );
      const subject = find(target.subject);
      const reference = find(target.reference);
      return subject && reference ? subject.rps / reference.rps : Number.NaN;
    });
    if (ratios.every((r) => Number.isNaN(r))) continue;
    const met = ratios.every((r) => r >= target.min) ? 'yes' : 'no';
    const label = `${target.scenario}: ${rowName(serverSpec(target.subject))} ≥ ${target.min}× ${rowName(serverSpec(target.reference))}`;
    lines.push(`| ${label} | ${ratios.map((r) => `${fmt(r, 2)}×`).join(' | ')} | ${met} |`);
  }
  return lines.join('\n');
}
