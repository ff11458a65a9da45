import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { markdownPages, REPO_ROOT } from './markdown-pages.ts';

// Pages name repository files by path (the security model names the test that proves each
// rule): a renamed or deleted file fails here instead of leaving a stale reference.

describe('repository paths named by the documentation', () => {
  const named = markdownPages().flatMap(([page, text]) =>
    [...text.matchAll(/`((?:packages|examples|docs|prisma)\/[^`\s]+)`/g)].map(
      (m) => [page, m[1]!] as const,
    ),
  );

  test('the security model names the tests of its rules', () => {
    const security = named.filter(([page]) => page === 'security.md');
    expect(security.length).toBeGreaterThan(20);
  });

  test.each(named)('%s: %s exists', (_page, path) => {
    expect(existsSync(join(REPO_ROOT, path))).toBe(true);
  });
});
