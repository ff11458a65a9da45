import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/quick-start.js';

// The published exports are the workspace's minus the `source` condition (which points at
// TypeScript sources only this workspace resolves, and would capture a consumer's own
// `source` condition). Kept by hand in publishConfig, so a new subpath must be added there too.

const manifests = readdirSync(join(repositoryRoot, 'packages'))
  .map((dir) =>
    JSON.parse(readFileSync(join(repositoryRoot, 'packages', dir, 'package.json'), 'utf8')),
  )
  .filter((m) => !m.private);

function withoutSource(exports: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(exports).map(([key, value]) => {
      if (typeof value !== 'object' || value === null) return [key, value];
      const { source: _, ...rest } = value as Record<string, unknown>;
      return [key, rest];
    }),
  );
}

describe.each(manifests.map((m) => [m.name, m]))('%s package.json', (_name, manifest) => {
  it('publishes the same exports without the source condition', () => {
    expect(manifest.publishConfig?.exports).toEqual(withoutSource(manifest.exports));
  });

  it('has the metadata a registry page needs', () => {
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', directory: expect.stringMatching(/^packages\//) },
      homepage: expect.stringContaining('http'),
      engines: { node: expect.any(String) },
    });
    expect(manifest.files).toContain('LICENSE');
    for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {})) {
      if (dep.startsWith('@oauthkit/')) expect(range, dep).toBe('workspace:^');
    }
  });
});
