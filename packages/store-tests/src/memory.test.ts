import { createMemorySuiteContext } from './memory-suite-context.js';
import { runStoreConformanceSuite } from './run-store-conformance-suite.js';

runStoreConformanceSuite({
  name: 'memory',
  setup: async () => createMemorySuiteContext(),
  teardown: async () => {},
});
