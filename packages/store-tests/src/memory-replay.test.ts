import { createMemoryReplayStore } from '@oauthkit/core/testing';
import { runReplayStoreSuite } from './run-replay-store-suite.js';

// One process, one store: the race runs over one instance handed to every participant.
const store = createMemoryReplayStore();
runReplayStoreSuite({ name: 'memory', create: () => store });
