export { createTestDatabase, type TestDatabase } from './databases/create-test-database.js';
export { redisKeyPrefix } from './databases/redis-key-prefix.js';
export { createMemorySuiteContext } from './memory-suite-context.js';
export type {
  DatePrecision,
  IssuedClient,
  IssuedCode,
  IssuedToken,
  RecordFactory,
} from './record-factory.js';
export { conformanceGroups, runStoreConformanceSuite } from './run-store-conformance-suite.js';
export {
  type ReplayStoreSuiteOptions,
  runReplayStoreSuite,
} from './run-replay-store-suite.js';
export {
  getServiceUrl,
  type ServiceUrl,
  type ServiceUrlOptions,
} from './services/get-service-url.js';
export { isDockerAvailable } from './services/service-containers.js';
export type { ServiceKind } from './services/service-kinds.js';
export type { Scenario, Scenarios, SuiteHarness } from './suite-harness.js';
export type {
  RawClient,
  RawCode,
  RawReader,
  RawToken,
  StoreSuiteContext,
  StoreSuiteOptions,
} from './suite-options.js';
export {
  CLEANUP_NOW,
  explainPostgres,
  indexNames,
  type PlanNode,
  type PostgresQuery,
  seedPostgres,
  seqScansOnExpiry,
  type TokenMix,
} from './cleanup-plans.js';
