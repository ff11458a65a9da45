// Generates the Prisma clients the tests use (packages/prisma/generated/<provider>, git-ignored)
// from the schemas in the repository's prisma/ folder. Runs on `pnpm install` (postinstall)
// and from the tests when a schema changed since the last generation.
//
// Usage: node scripts/generate-clients.mjs [postgresql|mysql|sqlite ...]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const packageDir = dirname(dirname(here));
const prismaDir = join(packageDir, '..', '..', 'prisma');

/** Where each provider's schema and prisma.config.ts live, relative to prisma/. */
export const providers = { postgresql: '.', mysql: 'mysql', sqlite: 'sqlite' };

export function schemaPath(provider) {
  return join(prismaDir, providers[provider], 'schema.prisma');
}

export function outputDir(provider) {
  return join(packageDir, 'generated', provider);
}

export function schemaHash(provider) {
  return createHash('sha256')
    .update(readFileSync(schemaPath(provider)))
    .digest('hex');
}

const stampPath = (provider) => join(outputDir(provider), '.schema-sha256');

/** Whether the generated client of this provider was made from the current schema. */
export function isFresh(provider) {
  const stamp = stampPath(provider);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === schemaHash(provider);
}

export function generate(provider) {
  const hash = schemaHash(provider);
  const config = join(prismaDir, providers[provider], 'prisma.config.ts');
  const result = spawnSync(
    process.execPath,
    [
      join(packageDir, 'node_modules', 'prisma', 'build', 'index.js'),
      'generate',
      '--config',
      config,
    ],
    {
      cwd: packageDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        // `generate` only needs the schema engine to exist, never runs it; without this the
        // CLI tries to download it, and this project builds without network.
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? here,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    },
  );
  if (result.status !== 0) {
    throw new Error(`prisma generate failed for ${provider}:\n${result.stdout}\n${result.stderr}`);
  }
  writeFileSync(stampPath(provider), hash);
}

if (process.argv[1] === here) {
  const wanted = process.argv.slice(2);
  for (const provider of wanted.length > 0 ? wanted : Object.keys(providers)) {
    if (!(provider in providers)) throw new TypeError(`unknown provider ${provider}`);
    generate(provider);
    console.log(`generated the ${provider} client in ${outputDir(provider)}`);
  }
}
