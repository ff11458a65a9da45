// Packs every published package (as `pnpm publish` would: publishConfig applied, workspace
// ranges replaced) and runs publint (strict) and @arethetypeswrong/cli (ESM-only profile)
// on each tarball. Exits 1 when either finds a problem in any package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const out = mkdtempSync(join(tmpdir(), 'oauthkit-check-packages-'));
const run = (file, args, cwd = root) =>
  execFileSync(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--build'], {
  cwd: root,
  stdio: 'inherit',
});
const failures = [];
let checked = 0;
try {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const before = new Set(readdirSync(out));
    run('pnpm', ['pack', '--pack-destination', out], pkgDir);
    const tarball = join(
      out,
      readdirSync(out).find((f) => !before.has(f)),
    );
    for (const [tool, args] of [
      ['publint', ['run', '--strict', tarball]],
      ['attw', [tarball, '--profile', 'esm-only', '--format', 'ascii']],
    ]) {
      try {
        run(bin(tool), args);
      } catch (error) {
        failures.push(`${manifest.name}: ${tool}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }
    }
    checked++;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
for (const failure of failures) console.error(failure);
console.log(`publint and attw: ${checked} packages, ${failures.length} problems`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
