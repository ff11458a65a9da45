import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeed, SEED_KEYS } from '../src/seed.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the seed contract', () => {
  it.each(Object.entries(SEED_KEYS))('README.md documents every %s key', (_level, keys) => {
    for (const key of keys) expect(readme, key).toContain(`\`${key}\``);
  });

  it('README.md documents every environment variable the example reads', () => {
    for (const name of ['OAUTHKIT_SEED', 'OAUTHKIT_SQLITE_FILE', 'OAUTHKIT_SIGNING_KEYS_FILE']) {
      expect(readme).toContain(`\`${name}\``);
    }
  });

  it('a seed with an unknown (misspelt) key is refused, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauthkit-seed-'));
    try {
      const file = join(dir, 'seed.json');
      const client = { client_id: 'a', post_logout_redirect_uri: ['https://a.example/'] };
      writeFileSync(file, JSON.stringify({ clients: [client] }));
      expect(() => readSeed(file)).toThrow(/unknown key "post_logout_redirect_uri"/);
      writeFileSync(file, JSON.stringify({ signing_keys: [] }));
      expect(() => readSeed(file)).toThrow(/unknown key "signing_keys"/);
      writeFileSync(file, JSON.stringify({ users: [{ username: 'a', password: 'b', mail: 'x' }] }));
      expect(() => readSeed(file)).toThrow(/unknown key "mail"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
