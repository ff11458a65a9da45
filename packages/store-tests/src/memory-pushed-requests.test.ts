import { createMemoryStores } from '@oauthkit/core/testing';
import { runPushedRequestStoreSuite } from './run-pushed-request-store-suite.js';

// One process, one store: the race runs over one instance handed to every participant.
const { pushedRequests } = createMemoryStores();
runPushedRequestStoreSuite({ name: 'memory', create: () => pushedRequests });
