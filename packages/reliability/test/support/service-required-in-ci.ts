import type { ServiceUrl } from '@oauthkit/store-tests';

/**
 * Why a test file that needs `service` skips, or `undefined` when it runs. In CI (`CI` set to
 * `true` or `1`) a missing service is an error instead, thrown when the file loads so that the
 * run fails loudly: the outage tests must never pass in CI by skipping.
 */
export function skipUnlessInCi(
  service: ServiceUrl,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (!('skip' in service)) return undefined;
  if (env.CI === 'true' || env.CI === '1') {
    throw new Error(`CI is set but ${service.skip}: these tests must run in CI, not skip`);
  }
  console.warn(`[reliability] skipped: ${service.skip}`);
  return service.skip;
}
