// Redraws benchmarks.svg from the result tables in BENCHMARKS.md (what `pnpm bench` wrote),
// for when the chart is missing or its layout changed; a full `pnpm bench` writes both.
//   pnpm tsx --conditions=source packages/bench/src/chart-from-benchmarks-md.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rowName, SCENARIOS, SERVERS } from './catalog.js';
import { type ChartCell, renderShareChart } from './render-chart.js';

/** The result cells of the tables of a BENCHMARKS.md, by scenario heading and row name. */
export function cellsFromBenchmarksMd(markdown: string): ChartCell[] {
  const byName = new Map(SERVERS.map((s) => [rowName(s), s.id]));
  const cells: ChartCell[] = [];
  let scenario: ChartCell['scenario'] | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^### \(([a-d])\)/.exec(line);
    if (heading) {
      scenario = SCENARIOS['abcd'.indexOf(heading[1]!)] ?? null;
      continue;
    }
    if (line.startsWith('## ') || (line.startsWith('### ') && !heading)) scenario = null;
    if (scenario === null || !line.startsWith('| ')) continue;
    const [name, , , conns, rps] = line
      .split('|')
      .slice(1)
      .map((c) => c.trim());
    const id = byName.get((name ?? '').replace(/\*\*/g, '').replace(/ \(ceiling\)$/, ''));
    if (id === undefined) continue;
    cells.push({ scenario, serverId: id, connections: Number(conns), rps: Number(rps) });
  }
  return cells;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const md = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
  const svg = fileURLToPath(new URL('../../../benchmarks.svg', import.meta.url));
  const cells = cellsFromBenchmarksMd(readFileSync(md, 'utf8'));
  const connections = [...new Set(cells.map((c) => c.connections))].sort((a, b) => a - b);
  writeFileSync(svg, renderShareChart(cells, connections));
  console.log(`${svg}: ${cells.length} results`);
}
