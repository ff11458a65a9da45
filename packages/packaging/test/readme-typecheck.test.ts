import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorkspace } from '../src/build-workspace.js';
import { type CodeBlock, extractTsBlocks } from '../src/readme-blocks.js';

// Every ```ts block of every README in the repository, type-checked as a module of its own
// against the workspace packages (their declarations, built first), in one tsc run. Blocks marked as fragments
// are listed as skipped with their reason. The type tests in type-tests/ join the same run.

const root = join(import.meta.dirname, '..', '..', '..');
const here = join(import.meta.dirname, '..');
const out = join(here, '.readme-check');

function readmes(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...readmes(path));
    else if (entry.name === 'README.md') found.push(path);
  }
  return found.sort();
}

const all = readmes(root).flatMap((file) =>
  extractTsBlocks(readFileSync(file, 'utf8')).map((block) => ({
    file: relative(root, file),
    block,
  })),
);
const checked = all.filter((b) => !b.block.skip);
const fileOf = (b: { file: string; block: CodeBlock }) =>
  `${b.file.replace(/[/.]/g, '_')}_${b.block.line}.ts`;

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('are found (the quick start among them)', () => {
    expect(checked.some((b) => b.file === 'README.md')).toBe(true);
  });

  for (const b of all.filter((x) => x.block.skip)) {
    it.skip(`${b.file}:${b.block.line} (${b.block.skip})`, () => {});
  }

  it(`type-check: ${checked.length} blocks and the type tests`, async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const b of checked) {
      // `export {}` makes each block a module: its own scope, top-level await allowed.
      writeFileSync(join(out, fileOf(b)), `${b.block.code}\nexport {};\n`);
    }
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: {
          composite: false,
          incremental: false,
          declaration: false,
          declarationMap: false,
          noEmit: true,
          noUnusedLocals: false,
          customConditions: ['source'],
        },
        include: ['./*.ts', '../type-tests/*.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    // The packages' exports give tsc their built declarations (`types` comes first), so
    // build them (incremental, as `pnpm typecheck` does) before checking against them.
    await buildWorkspace();
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', out], {
      cwd: here,
    }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    // Point each error at its README line.
    const readable = result.replace(
      /\.readme-check\/(\S+?)_(\d+)\.ts\((\d+),(\d+)\)/g,
      (_m, f, line, l) => {
        const b = checked.find((x) => fileOf(x) === `${f}_${line}.ts`);
        return b ? `${b.file}:${b.block.line + Number(l) - 1}` : _m;
      },
    );
    expect(readable).toBe('');
  }, 120_000);
});
