import { describe, expect, it } from 'vitest';
import { importOptional } from './import-optional.js';

describe('importOptional', () => {
  it('says which packages to install, every missing one at once', async () => {
    const error = await importOptional(
      ['node:path', 'oauthkit-missing-driver', '@oauthkit-missing/adapter/sub'],
      'the test store',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'the test store needs oauthkit-missing-driver, @oauthkit-missing/adapter: install them with `npm install oauthkit-missing-driver @oauthkit-missing/adapter`',
    );
  });

  it('resolves the modules in order when all are there', async () => {
    const [path, url] = await importOptional<
      [typeof import('node:path'), typeof import('node:url')]
    >(['node:path', 'node:url'], 'nothing');
    expect(path.join('a', 'b')).toBe('a/b');
    expect(typeof url.pathToFileURL).toBe('function');
  });
});
