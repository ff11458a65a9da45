// Prints where a V8 CPU profile (`node --cpu-prof`, or `pnpm bench -- --cpu-prof=<dir>`)
// spent its time: by area (the socket write, node's HTTP, the oauthkit packages, other npm
// packages, GC), then the functions with the most self and inclusive time. Frames of the
// server bundle are mapped back to their sources through its source map.
//   pnpm tsx packages/bench/src/summarize-profile.ts <file.cpuprofile> [top]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarize-profile.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.nodes.reduce((sum, n) => sum + n.hitCount, 0);

const maps = new Map<string, SourceMap | null>();
function sourceMap(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    const mapFile = `${path}.map`;
    maps.set(
      url,
      existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null,
    );
  }
  return maps.get(url) ?? null;
}

/** The frame's source file (mapped through the bundle's source map) and line. */
function location(n: ProfileNode): string {
  const { url, lineNumber, columnNumber } = n.callFrame;
  if (url === '') return '';
  const entry = sourceMap(url)?.findEntry(lineNumber, columnNumber);
  const source = entry && 'originalSource' in entry ? entry.originalSource : url;
  const line = entry && 'originalLine' in entry ? entry.originalLine : lineNumber;
  const short = source
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/work\/main\//, '')
    .replace(/^file:\/\//, '');
  return `${short}:${line + 1}`;
}

function area(n: ProfileNode): string {
  const { functionName, url } = n.callFrame;
  if (functionName === '(idle)') return 'idle (waiting for requests)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (
    functionName === 'writev' ||
    functionName === 'writeBuffer' ||
    functionName === 'writeUtf8String'
  ) {
    return 'socket writes (kernel, loopback TCP)';
  }
  const where = location(n);
  if (where.startsWith('packages/bench/')) return 'bench server code';
  const pkg = /packages\/([a-z-]+)\//.exec(where)?.[1];
  if (pkg) return `@oauthkit/${pkg}`;
  if (url.includes('node_modules/'))
    return `npm: ${where.split('/')[0]?.startsWith('@') ? where.split('/').slice(0, 2).join('/') : where.split('/')[0]}`;
  if (url.startsWith('node:'))
    return /node:(_http|internal\/http|http)/.test(url) ? 'node:http' : 'node internals';
  return 'native / other';
}

const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${location(n)}`.trim();

const add = (map: Map<string, number>, key: string, hits: number) =>
  map.set(key, (map.get(key) ?? 0) + hits);
const self = new Map<string, number>();
const areas = new Map<string, number>();
for (const n of profile.nodes) {
  add(self, name(n), n.hitCount);
  add(areas, area(n), n.hitCount);
}

// Inclusive time, counting a function once per stack even when it recurses.
const inclusive = new Map<string, number>();
const walk = (n: ProfileNode, onStack: Set<string>): number => {
  let hits = n.hitCount;
  const key = name(n);
  const first = !onStack.has(key);
  if (first) onStack.add(key);
  for (const child of n.children ?? []) hits += walk(byId.get(child)!, onStack);
  if (first) {
    onStack.delete(key);
    add(inclusive, key, hits);
  }
  return hits;
};
walk(profile.nodes[0]!, new Set());

const busy = total - (areas.get('idle (waiting for requests)') ?? 0);
const print = (title: string, map: Map<string, number>, count: number, of: number) => {
  console.log(`\n${title}`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((hits / of) * 100).toFixed(1).padStart(6)}%  ${key}`);
  }
};
areas.delete('idle (waiting for requests)');
print(`by area, % of busy time (${busy} of ${total} samples busy)`, areas, 20, busy);
self.delete('(idle)');
print('self time, % of busy time', self, top, busy);
print('inclusive time, % of all samples', inclusive, top, total);
