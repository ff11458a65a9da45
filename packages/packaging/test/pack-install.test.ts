import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace } from '../src/build-workspace.js';
import { runQuickStartCodeFlow } from '../src/code-flow.js';
import { readQuickStart, repositoryRoot } from '../src/quick-start.js';

// What a new user does, with the packed tarballs instead of the registry: a fresh project
// outside the workspace, the README quick start's install lines (third-party packages come
// from the npm registry), its `oauthkit migrate` and `client create`, its server.ts
// type-checked and then run through a code flow.

const run = promisify(execFile);
// pnpm runs Vitest with NODE_PATH pointing into the workspace's hoisted packages: a child
// process would resolve from there what the fresh project never installed.
delete process.env.NODE_PATH;
const work = mkdtempSync(join(tmpdir(), 'oauthkit-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const REDIRECT = 'http://127.0.0.1:8080/cb';
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

/** The npm install lines of the quick start, as `{ name: spec }`, and which are dev. */
function installs(shell: string[]) {
  const deps: Record<string, string> = {};
  const dev: Record<string, string> = {};
  for (const line of shell) {
    const m = /^npm install( -D)? (.*)$/.exec(line.trim());
    if (!m) continue;
    for (const arg of m[2]!.split(/\s+/)) {
      const at = arg.lastIndexOf('@');
      const [name, spec] = at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, 'latest'];
      (m[1] ? dev : deps)[name] = spec;
    }
  }
  return { deps, dev };
}

function declarations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

const quickStart = readQuickStart();
const { deps, dev } = installs(quickStart.shell);
const ours = [...Object.keys(deps), ...Object.keys(dev)].filter((n) => n.startsWith('@oauthkit/'));
// @oauthkit/cli's own dependency, resolved to its tarball like the others.
const packed = [...new Set([...ours, '@oauthkit/core'])];

describe('the packed packages in a fresh project', () => {
  beforeAll(async () => {
    await buildWorkspace();
    mkdirSync(tarballs);
    mkdirSync(app);
    await Promise.all(
      packed.map((name) =>
        run('pnpm', ['pack', '--pack-destination', tarballs], {
          cwd: join(repositoryRoot, 'packages', name.slice('@oauthkit/'.length)),
        }),
      ),
    );
    const file = (name: string) => {
      const base = name.slice(1).replace('/', '-');
      const tgz = readdirSync(tarballs).find((f) => f.startsWith(`${base}-`));
      return `file:${join(tarballs, tgz!)}`;
    };
    const spec = (name: string, s: string) => (name.startsWith('@oauthkit/') ? file(name) : s);
    const map = (o: Record<string, string>) =>
      Object.fromEntries(Object.entries(o).map(([n, s]) => [n, spec(n, s)]));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'quick-start',
        private: true,
        type: 'module',
        dependencies: map(deps),
        devDependencies: map(dev),
        pnpm: {
          overrides: Object.fromEntries(packed.map((n) => [n, file(n)])),
          onlyBuiltDependencies: ['better-sqlite3', 'esbuild'],
        },
      }),
    );
    const started = Date.now();
    await run('pnpm', ['install', '--prefer-offline', '--config.auto-install-peers=false'], {
      cwd: app,
    });
    console.log(`[packaging] pnpm install in the fresh project: ${Date.now() - started} ms`);
  }, 240_000);

  it('published manifests carry no `source` condition, no workspace: ranges, and the LICENSE', async () => {
    for (const name of packed) {
      const dir = join(app, 'node_modules', name);
      const manifest = (await import(join(dir, 'package.json'), { with: { type: 'json' } }))
        .default;
      expect(JSON.stringify(manifest.exports)).not.toContain('source');
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      expect(readdirSync(dir)).toContain('LICENSE');
    }
    // A consumer with a `source` condition of its own still gets the built files.
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=source',
        '-e',
        "import('@oauthkit/core').then((m) => console.log(typeof m.AuthorizationServer))",
      ],
      { cwd: app },
    );
    expect(stdout.trim()).toBe('function');
  });

  it('type-checks the quick start', async () => {
    writeFileSync(join(app, 'server.ts'), quickStart.server);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          strict: true,
          noEmit: true,
          // drizzle-orm's own declarations do not pass without it (as `tsc --init` sets it).
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['server.ts'],
      }),
    );
    const result = await run(join(app, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: app }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(result).toBe('');
  }, 60_000);

  it('declarations import only installed packages (no pg needed by @oauthkit/drizzle on SQLite)', () => {
    const unresolved: string[] = [];
    let seen = 0;
    for (const name of packed) {
      const dir = join(app, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}));
      for (const file of declarations(join(dir, 'dist'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import\()\s*["']([^."'][^"']*)["']/g)) {
          seen++;
          const specifier = m[1]!;
          if (specifier.startsWith('node:')) continue;
          const pkg = specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/');
          if (optional.has(pkg)) continue;
          // pnpm puts a package's dependencies beside it: <store>/node_modules/<dep>.
          const siblings = join(realpathSync(dir), name.includes('/') ? '../..' : '..');
          if (!existsSync(join(siblings, pkg)) && !existsSync(join(app, 'node_modules', pkg))) {
            unresolved.push(`${relative(app, file)}: ${specifier}`);
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(unresolved).toEqual([]);
  });

  it('runs the CLI lines, then the server through a code flow', async () => {
    const cli = join(app, 'node_modules/.bin/oauthkit');
    const lines = quickStart.shell.filter((l) => l.startsWith('npx oauthkit '));
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['migrate', 'client']);
    await run(cli, lines[0]!.split(' ').slice(2), { cwd: app });
    const created = await run(cli, lines[1]!.split(' ').slice(2), { cwd: app });
    const client = JSON.parse(created.stdout) as { client_id: string; client_secret: string };

    // The models come from the installed store package; a missing one says to install it.
    const schema = await run(cli, ['schema', 'drizzle-sqlite'], { cwd: app });
    expect(schema.stdout).toContain("sqliteTable('oauth_clients'");
    const noPrisma = await run(cli, ['schema', 'prisma'], { cwd: app }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((noPrisma as { stderr: string }).stderr).toContain('npm install @oauthkit/prisma');

    // The app's own stores through a config module: .ts (loaded through tsx) and .js.
    const config = `import { createDrizzleStores } from '@oauthkit/drizzle';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
export default () => {
  const sqlite = new Database('oauth.db');
  return { stores: createDrizzleStores(drizzle({ client: sqlite })), close: () => sqlite.close() };
};
`;
    writeFileSync(join(app, 'oauthkit.config.ts'), config);
    writeFileSync(join(app, 'oauthkit.config.js'), config);
    for (const file of ['oauthkit.config.ts', 'oauthkit.config.js']) {
      const args = ['client', 'create', '--grant-type', 'client_credentials', '--config', file];
      const { stdout } = await run(cli, [...args, '--client-id', file], { cwd: app });
      expect(JSON.parse(stdout).client_id).toBe(file);
    }

    // A store whose driver is not installed says what to install.
    const missing = await run(cli, ['client', 'create', '--store', 'redis'], { cwd: app }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toContain('npm install ioredis @oauthkit/redis');

    const port = await freePort();
    server = spawn(join(app, 'node_modules/.bin/tsx'), ['server.ts'], {
      cwd: app,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/.well-known/oauth-authorization-server`).catch(() => null);
      if (up?.ok) break;
      if (i > 100) throw new Error('the quick start server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await runQuickStartCodeFlow(
      base,
      { id: client.client_id, secret: client.client_secret },
      REDIRECT,
    );
    expect(result).toEqual({ me: { sub: 'alice' }, withoutToken: 401, scope: 'profile' });
  }, 60_000);
});
