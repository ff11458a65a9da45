// `pnpm typecheck` is `tsc --build` over the root tsconfig.json. These tests hold it to
// covering every TypeScript file in the repository: a file, folder or package that no
// tsconfig reached from the root includes would never be type-checked (Vitest only strips
// types), and a type error in it would go unnoticed.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every tsconfig `tsc --build` reaches from the root one, parsed as tsc parses it. */
function reachedConfigs(): Map<string, ts.ParsedCommandLine> {
  const configs = new Map<string, ts.ParsedCommandLine>();
  const pending = [join(ROOT, 'tsconfig.json')];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (configs.has(path)) continue;
    const parsed = ts.getParsedCommandLineOfConfigFile(path, undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      },
    });
    if (!parsed) throw new Error(`${path} could not be read`);
    expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual(
      [],
    );
    configs.set(path, parsed);
    for (const ref of parsed.projectReferences ?? [])
      pending.push(ts.resolveProjectReferencePath(ref));
  }
  return configs;
}

/** The TypeScript files git tracks, and the new ones it does not ignore, relative to the root. */
function repositoryFiles(): string[] {
  const list = (...args: string[]) =>
    execFileSync('git', ['ls-files', ...args, '--', '*.ts', '*.mts', '*.cts', '*.tsx'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file !== '');
  return [...new Set([...list(), ...list('--others', '--exclude-standard')])].sort();
}

/** Which reached tsconfigs include each absolute path. */
function includedBy(configs: Map<string, ts.ParsedCommandLine>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [config, parsed] of configs) {
    for (const file of parsed.fileNames) {
      const key = resolve(file);
      owners.set(key, [...(owners.get(key) ?? []), config]);
    }
  }
  return owners;
}

describe('pnpm typecheck', () => {
  test('is tsc --build over the root tsconfig.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['typecheck']).toBe('tsc --build');
  });

  test('every TypeScript file in the repository is in a tsconfig the root reaches', () => {
    const owners = includedBy(reachedConfigs());
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    const missing = files.filter((file) => !owners.has(join(ROOT, file)));
    expect(missing, 'add them to a tsconfig referenced from the root tsconfig.json').toEqual([]);
  });

  test('every reached tsconfig keeps the strict settings of tsconfig.base.json', () => {
    for (const [config, { options, fileNames }] of reachedConfigs()) {
      if (fileNames.length === 0) continue; // the root: references only
      expect(
        {
          strict: options.strict,
          noUncheckedIndexedAccess: options.noUncheckedIndexedAccess,
          noImplicitOverride: options.noImplicitOverride,
          skipLibCheck: options.skipLibCheck,
        },
        config,
      ).toEqual({
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        skipLibCheck: true,
      });
    }
  });

  test('a type error in a new test file, helper or script of any folder is reported', () => {
    // One test file and one plain module in every folder that holds TypeScript today.
    const folders = [...new Set(repositoryFiles().map((file) => dirname(join(ROOT, file))))];
    const probes = folders.flatMap((folder) =>
      [`typecheck-probe-${process.pid}.test.ts`, `typecheck-probe-${process.pid}.ts`].map((name) =>
        join(folder, name),
      ),
    );
    const wrong = "export const probe: number = 'not a number';\n";
    try {
      for (const probe of probes) writeFileSync(probe, wrong);
      const configs = reachedConfigs();
      const owners = includedBy(configs);
      expect(probes.filter((probe) => !owners.has(probe))).toEqual([]);

      // Check each probe with the options of a tsconfig that includes it; lib and @types
      // files are parsed once for all programs.
      const byConfig = new Map<string, string[]>();
      for (const probe of probes) {
        const config = owners.get(probe)![0]!;
        byConfig.set(config, [...(byConfig.get(config) ?? []), probe]);
      }
      const parsedFiles = new Map<string, ts.SourceFile | undefined>();
      const reported: string[] = [];
      for (const [config, rootNames] of byConfig) {
        const { options } = configs.get(config)!;
        const host = ts.createCompilerHost(options);
        const getSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (fileName, languageVersion, ...rest) => {
          const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
          if (!parsedFiles.has(key))
            parsedFiles.set(key, getSourceFile(fileName, languageVersion, ...rest));
          return parsedFiles.get(key);
        };
        const program = ts.createProgram({ rootNames, options, host });
        for (const d of ts.getPreEmitDiagnostics(program)) {
          if (d.code === 2322 && d.file) reported.push(resolve(d.file.fileName));
        }
      }
      expect(probes.filter((probe) => !reported.includes(probe))).toEqual([]);
    } finally {
      for (const probe of probes) rmSync(probe, { force: true });
    }
  });
});
