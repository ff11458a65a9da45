import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ensureGeneratedClient } from './support/generated-client.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// The package's test project (its tests and this folder), built with its references.
const testProject = fileURLToPath(new URL('../tsconfig.test.json', import.meta.url));

// The stores take the client structurally. This compiles support/generated-client-types.ts
// (and every test file) against the clients Prisma generates from the three schemas, so a
// structural type that stops fitting a real client fails here, not in a user's build.
it('the clients generated from the three schemas fit createPrismaStores and the helpers', async () => {
  for (const provider of ['postgresql', 'mysql', 'sqlite'] as const) {
    await ensureGeneratedClient(provider);
  }
  const result = spawnSync(process.execPath, [tsc, '--build', testProject], { encoding: 'utf8' });
  expect(`${result.stdout}${result.stderr}`).toBe('');
  expect(result.status).toBe(0);
}, 60_000);
