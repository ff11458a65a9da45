/**
 * The Vitest projects, one per package. `vitest.config.ts` reads this list (Vitest 4 no
 * longer picks up a workspace file by itself).
 */
const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...extra },
});

export default [
  project('core', 'packages/core'),
  project('store-tests', 'packages/store-tests'),
  project('prisma', 'packages/prisma'),
  project('drizzle', 'packages/drizzle'),
  project('redis', 'packages/redis'),
  project('mongoose', 'packages/mongoose'),
  project('express', 'packages/express'),
  project('fastify', 'packages/fastify'),
  project('node', 'packages/node'),
  project('http-tests', 'packages/http-tests'),
  project('cli', 'packages/cli'),
  project('reliability', 'packages/reliability'),
  project('bench', 'packages/bench'),
  project('example-server', 'examples/server'),
  project('packaging', 'packages/packaging'),
  project('repository', '.', { include: ['test/**/*.test.ts'] }),
  project('docs', 'docs', { include: ['test/**/*.test.ts'] }),
];
