import { describe, expect, test } from 'vitest';
import { REFUSAL_RULES, runRefusalFuzz } from '../src/index.js';
import {
  acceptsAnyContentType,
  letsAnotherClientRedeemACode,
  skipsPkceForPublicClients,
} from './support/broken-servers.js';

describe('token endpoint refusal rules under property-based fuzzing', () => {
  test('every refusal rule is reached and answered as it says', async () => {
    const counts = await runRefusalFuzz();
    expect(Object.keys(counts).sort()).toEqual(Object.keys(REFUSAL_RULES).sort());
    for (const [rule, count] of Object.entries(counts)) expect(count, rule).toBeGreaterThan(0);
  });

  // The fuzz run is worth something only if it fails on a server that breaks a rule.
  const broken = [
    ['skips PKCE for public clients', skipsPkceForPublicClients],
    ['accepts any content type', acceptsAnyContentType],
    ['lets another client redeem a code', letsAnotherClientRedeemACode],
  ] as const;
  for (const [name, makeServer] of broken) {
    test(`fails on a server that ${name}`, async () => {
      await expect(runRefusalFuzz({ makeServer })).rejects.toThrow(/expected|never reached/);
    });
  }
});
