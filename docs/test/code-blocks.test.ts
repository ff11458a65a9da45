import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { codeBlocks, DOCS_ROOT } from './markdown-pages.ts';

// Every ```ts block of the documentation is compiled against the workspace packages with the
// documentation's own tsconfig, each block as a module of its own, in one program (the
// READMEs' check in packages/packaging works the same way). A block that cannot be
// (it imports your generated Prisma client, say) starts with `// not type-checked: <reason>`:
// unlike the READMEs' HTML-comment marker, readers of the site see why.

const OUT = join(DOCS_ROOT, '.code-blocks');
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function compilerOptions(): ts.CompilerOptions {
  const file = join(DOCS_ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, DOCS_ROOT).options;
}

describe('the TypeScript blocks of the documentation', () => {
  const blocks = codeBlocks();

  test('there are blocks to check, and every skipped one says why', () => {
    expect(blocks.filter((b) => b.skipReason === null).length).toBeGreaterThan(15);
    for (const block of blocks.filter((b) => b.skipReason !== null)) {
      expect(block.skipReason!.length, `${block.page}:${block.line}`).toBeGreaterThan(15);
    }
  });

  // As the READMEs' check does, every skipped block is listed with its reason.
  for (const block of blocks.filter((b) => b.skipReason !== null)) {
    test.skip(`${block.page}:${block.line} (${block.skipReason})`, () => {});
  }

  test('type-check', { timeout: 120_000 }, () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const files = new Map<string, string>();
    blocks.forEach((block, i) => {
      if (block.skipReason !== null) return;
      const file = join(OUT, `${block.page.replace(/[/.]/g, '-')}-${i}.ts`);
      // `export {}` makes every block a module, so blocks cannot see each other's names.
      writeFileSync(file, `${block.code}\nexport {};\n`);
      files.set(file, `${block.page}:${block.line}`);
    });
    const program = ts.createProgram([...files.keys()], compilerOptions());
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const where = files.get(d.file!.fileName)!.replace(/:(\d+)$/, (_, l) => `:${+l + line}`);
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });
});
