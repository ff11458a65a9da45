import { getServiceUrl } from '@oauthkit/store-tests';
import { describe, expect, test } from 'vitest';
import { skipUnlessInCi } from './support/service-required-in-ci.js';

describe('outage tests never skip silently in CI', () => {
  test('a missing service fails in CI and skips, with its reason, elsewhere', async () => {
    // Nothing listens on port 1, and no env var or Docker is consulted.
    const absent = await getServiceUrl('redis', {
      env: {},
      localDefaults: false,
      docker: false,
    });
    expect('skip' in absent).toBe(true);
    expect(() => skipUnlessInCi(absent, { CI: 'true' })).toThrow(/must run in CI/);
    expect(() => skipUnlessInCi(absent, { CI: '1' })).toThrow(/must run in CI/);
    expect(skipUnlessInCi(absent, {})).toMatch(/Redis|redis/);
  });

  test('a present service runs, in CI or not', () => {
    expect(skipUnlessInCi({ url: 'redis://127.0.0.1:6379' }, { CI: 'true' })).toBeUndefined();
  });
});
