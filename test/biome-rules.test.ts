// `pnpm lint` (Biome) holds the repository to organised imports, no `export *` re-exports and
// no imports of another package's files. These tests check a probe module, laid out like a
// package's source but in a temporary folder (so that no other test sees it), with the
// repository's biome.json: Biome must refuse each kind of violation, naming its rule, and
// pass a clean module. A change to biome.json that drops a rule fails here.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** Biome's verdict on `source` as a module of packages/express/src. */
async function biomeCheck(source: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-biome-probe-'));
  const probe = join(dir, 'packages/express/src/probe.ts');
  mkdirSync(join(dir, 'packages/express/src'), { recursive: true });
  writeFileSync(probe, source);
  try {
    const biome = join(ROOT, 'node_modules/.bin/biome');
    const args = ['check', '--formatter-enabled=false', '--vcs-enabled=false'];
    const config = `--config-path=${join(ROOT, 'biome.json')}`;
    const { stdout, stderr } = await run(
      biome,
      [...args, config, 'packages/express/src/probe.ts'],
      {
        cwd: dir,
      },
    );
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pnpm lint (Biome)', () => {
  test('passes a clean module', async () => {
    expect(await biomeCheck("import { a } from './a.js';\nexport const b = a;\n")).toMatchObject({
      ok: true,
    });
  });

  const violations: [string, string, string][] = [
    ['an export * re-export', "export * from './x.js';\n", 'noReExportAll'],
    [
      "an import of another package's src by its name",
      "import { a } from '@oauthkit/core/src/index.js';\nexport const b = a;\n",
      'noRestrictedImports',
    ],
    [
      "an import of another package's src by a relative path",
      "import { a } from '../../core/src/index.js';\nexport const b = a;\n",
      'noRestrictedImports',
    ],
    [
      'imports out of order',
      "import { b } from './b.js';\nimport { a } from './a.js';\nexport const c = [a, b];\n",
      'organizeImports',
    ],
  ];

  for (const [what, source, rule] of violations) {
    test(`refuses ${what} (${rule})`, async () => {
      const { ok, output } = await biomeCheck(source);
      expect(ok).toBe(false);
      expect(output).toContain(rule);
    });
  }
});
