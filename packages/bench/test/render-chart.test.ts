import { describe, expect, it } from 'vitest';
import { type ChartCell, renderShareChart } from '../src/render-chart.js';
import { parseCpuMicros } from '../src/server-process.js';

const cell = (
  scenario: ChartCell['scenario'],
  serverId: string,
  connections: number,
  rps: number,
): ChartCell => ({ scenario, serverId, connections, rps });

const CELLS: ChartCell[] = [
  cell('bearer', 'bare', 10, 1000),
  cell('bearer', 'bare', 100, 2000),
  cell('bearer', 'kit-memory', 10, 500),
  cell('bearer', 'kit-memory', 100, 500),
  cell('bearer', 'kit-drizzle', 10, 100),
  cell('bearer', 'kit-drizzle', 100, Number.NaN),
  cell('client_credentials', 'bare-store', 10, 1000),
  cell('client_credentials', 'kit-redis', 10, 1500),
];

/** Every `<rect>` bar with its width and title. */
function bars(svg: string) {
  return [
    ...svg.matchAll(/<rect x="(\d+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g),
  ].map((m) => ({ width: Number(m[2]), title: m[3]! }));
}

describe('renderShareChart', () => {
  const svg = renderShareChart(CELLS, [10, 100]);

  it('is one well-formed SVG document: every element closed, text escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const tag of ['text', 'title', 'rect', 'svg']) {
      const open = svg.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
      const closed =
        (svg.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0) +
        (svg.match(new RegExp(`<${tag}[^>]*/>`, 'g'))?.length ?? 0);
      expect(closed, tag).toBe(open);
    }
    // Labels such as "oauthkit (Drizzle + PostgreSQL)" go in as text, never as markup.
    expect(svg).not.toMatch(/<(?!\/?(svg|rect|text|title|line)\b)/);
  });

  it('draws one bar per server and connection count, at its share of the ceiling', () => {
    const drawn = bars(svg);
    // The ceilings are not drawn; a missing number draws no bar.
    expect(drawn.map((b) => b.title)).toEqual([
      'oauthkit (Redis), 10 connections: 1.50 of the ceiling',
      'oauthkit (memory), 10 connections: 0.50 of the ceiling',
      'oauthkit (memory), 100 connections: 0.25 of the ceiling',
      'oauthkit (Drizzle + PostgreSQL), 10 connections: 0.10 of the ceiling',
    ]);
    // The scale runs to the largest share (1.5 here): widths are proportional to shares.
    const [redis, memory10, memory100, drizzle] = drawn.map((b) => b.width);
    expect(memory10! / redis!).toBeCloseTo(0.5 / 1.5, 2);
    expect(memory100! / memory10!).toBeCloseTo(0.5, 2);
    expect(drizzle! / memory10!).toBeCloseTo(0.2, 2);
  });

  it('heads each scenario that has results, in the order of the report', () => {
    const headings = [...svg.matchAll(/font-weight="bold">(\([a-d]\)[^<]*)</g)].map((m) => m[1]);
    expect(headings).toEqual(['(a) client_credentials', '(c) bearer validation']);
  });

  it('an empty run is an SVG with no bars', () => {
    const empty = renderShareChart([], [10]);
    expect(bars(empty)).toEqual([]);
    expect(empty).toContain('</svg>');
  });
});

describe('parseCpuMicros', () => {
  it('adds utime and stime (10 ms ticks), whatever the command name holds', () => {
    const stat =
      '4242 (node server (x) y) S 1 4242 4242 0 -1 4194560 12017 0 0 0 250 37 0 0 20 0 11 0 123 0 0';
    expect(parseCpuMicros(stat)).toBe((250 + 37) * 10_000);
  });
});

describe('cellsFromBenchmarksMd', () => {
  it('reads the result rows of each scenario table, ceilings included', async () => {
    const { cellsFromBenchmarksMd } = await import('../src/chart-from-benchmarks-md.js');
    const md = [
      '### (c) bearer-token validation on a protected route (scope `read`)',
      '',
      '| server | HTTP | store | conns | req/s | p50 ms |',
      '|---|---|---|--:|--:|--:|',
      '| **bare node:http** (ceiling) | node:http | - | 10 | 62848 | 0.13 |',
      '| oauthkit (Drizzle + PostgreSQL) | node:http | Drizzle + PostgreSQL | 100 | 3995 | 22.91 |',
      '',
      '### Targets',
      '| client_credentials: oauthkit (memory) ≥ 0.8× bare | 0.59× | 0.60× | no |',
    ].join('\n');
    expect(cellsFromBenchmarksMd(md)).toEqual([
      { scenario: 'bearer', serverId: 'bare', connections: 10, rps: 62848 },
      { scenario: 'bearer', serverId: 'kit-drizzle', connections: 100, rps: 3995 },
    ]);
  });
});
