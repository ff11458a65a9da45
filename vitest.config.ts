import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.ts';

// Workspace packages export their TypeScript sources under the `source` condition, so tests
// run against `src/` without a build step.
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    projects,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
  },
});
