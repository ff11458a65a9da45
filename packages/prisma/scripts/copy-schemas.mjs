// Before packing: copies the repository's prisma/ folder (schemas and migrations) into the
// package, so the published package carries the models users generate from.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(packageDir, 'prisma');
rmSync(target, { recursive: true, force: true });
cpSync(join(packageDir, '..', '..', 'prisma'), target, {
  recursive: true,
  filter: (src) => !src.endsWith('prisma.config.ts'),
});
