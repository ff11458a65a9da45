import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:results:start (written by `pnpm bench`) -->';
const END = '<!-- bench:results:end -->';

/**
 * Puts `results` between the markers of BENCHMARKS.md, keeping the text around them (the
 * hand-written analysis). A file without markers gets them appended.
 */
export function writeBenchmarksMd(path: string, results: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const block = `${START}\n${results}\n${END}`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + block + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n## Results\n\n${block}\n`;
  writeFileSync(path, next);
}
