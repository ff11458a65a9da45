import type { ReplayStore } from '@oauthkit/core';
import { createMemoryReplayStore } from '@oauthkit/core/testing';
import { describe, expect, it } from 'vitest';
import { raceDpopProof } from './race-dpop-proof.js';
import { runReplayStoreSuite } from './run-replay-store-suite.js';

// One process, one store: the race runs over one instance handed to every participant.
const store = createMemoryReplayStore();
runReplayStoreSuite({ name: 'memory', create: () => store });

// The DPoP race must catch a store that reads and writes in two steps.
describe('raceDpopProof catches a non-atomic replay store', () => {
  it('a check-then-set store lets more than one of the 50 requests through', async () => {
    const seen = new Set<string>();
    const broken: ReplayStore = {
      async useOnce(namespace, id) {
        const key = `${namespace}:${id}`;
        const held = seen.has(key);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (held) return false;
        seen.add(key);
        return true;
      },
    };
    expect(await raceDpopProof([broken])).toBeGreaterThan(1);
  });
});
