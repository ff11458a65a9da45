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
export { createTestDatabase, type TestDatabase } from './databases/create-test-database.js';
export { redisKeyPrefix } from './databases/redis-key-prefix.js';
export { failAfter, InjectedStoreFailure } from './fail-after.js';
export { createFaultyMysqlPool } from './faults/faulty-mysql-pool.js';
export { createFaultyPgPool } from './faults/faulty-pg-pool.js';
export { injectRedisFailures } from './faults/faulty-redis.js';
export { injectSqliteFailures } from './faults/faulty-sqlite.js';
export { createMemorySuiteContext } from './memory-suite-context.js';
export { raceDpopProof } from './race-dpop-proof.js';
export {
  createRecordFactory,
  type DatePrecision,
  type IssuedClient,
  type IssuedCode,
  type IssuedDeviceCode,
  type IssuedToken,
  type RecordFactory,
} from './record-factory.js';
export {
  type PushedRequestStoreSuiteOptions,
  runPushedRequestStoreSuite,
} from './run-pushed-request-store-suite.js';
export {
  type ReplayStoreSuiteOptions,
  runReplayStoreSuite,
} from './run-replay-store-suite.js';
export { conformanceGroups, runStoreConformanceSuite } from './run-store-conformance-suite.js';
export {
  getServiceUrl,
  type ServiceUrl,
  type ServiceUrlOptions,
} from './services/get-service-url.js';
export { isDockerAvailable } from './services/service-containers.js';
export type { ServiceKind } from './services/service-kinds.js';
export type { Scenario, Scenarios, SuiteHarness } from './suite-harness.js';
export type {
  FaultyStores,
  RawClient,
  RawCode,
  RawDeviceCode,
  RawReader,
  RawToken,
  StoreSuiteContext,
  StoreSuiteOptions,
} from './suite-options.js';
export {
  type PushedRequestScenario,
  type PushedRequestStoreFactory,
  pushedRequestRecord,
  pushedRequestScenarios,
} from './suites/pushed-requests.js';
