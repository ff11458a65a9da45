import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./server-main.ts', import.meta.url));
/** packages/bench/.build, git-ignored. */
const OUTDIR = fileURLToPath(new URL('../.build/', import.meta.url));

/**
 * Bundles the server entry with the workspace packages' TypeScript sources (the `source`
 * condition) into one JavaScript file, so that server processes run on plain `node`: a
 * TypeScript loader would add its own thread and ~30 MB to every server's RSS. npm packages
 * stay outside the bundle, imported from the absolute path esbuild resolves for them, so
 * they load exactly as they would in an app (their own files, wasm and all). Each server is
 * a chunk of its own (code splitting), so a process loads only its own server's libraries.
 */
export async function buildServerBundle(): Promise<string> {
  await build({
    entryPoints: [ENTRY],
    outdir: OUTDIR,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
  });
  return `${OUTDIR}server-main.mjs`;
}

/** See prisma-postgresql-client.d.ts. */
const PRISMA_CLIENT = 'oauthkit-prisma-postgresql-client';
const prismaClientPath = () =>
  join(
    dirname(createRequire(import.meta.url).resolve('@oauthkit/prisma/package.json')),
    'generated/postgresql/client.ts',
  );

const externalPackages: Plugin = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path === PRISMA_CLIENT) return { path: prismaClientPath() };
      if (args.path.startsWith('@oauthkit/') || args.pluginData === 'resolving') return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};
