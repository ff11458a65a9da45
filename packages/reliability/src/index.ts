export {
  type AuthorizationCheckContext,
  type AuthorizationRedirect,
  checkAuthorizationResponse,
} from './check-authorization-response.js';
export { checkBearerRefusal } from './check-bearer-response.js';
export { checkErrorBody } from './check-error-body.js';
export {
  checkTokenStyleResponse,
  type TokenStyleCheckOptions,
} from './check-token-style-response.js';
export {
  type AssertPropertyOptions,
  assertProperty,
  expectNoProblems,
  isFullRun,
  shorten,
} from './fuzz/assert-property.js';
export {
  type AuthorizationHeaderSpec,
  authorizationHeaderArb,
  malformedBasicArb,
} from './fuzz/authorization-header-arb.js';
export {
  authorizationParamsOf,
  justifyAuthorizationSuccess,
  trustedRedirect,
} from './fuzz/authorization-oracle.js';
export {
  addClientAuthentication,
  type ClientAuthentication,
  clientAuthenticationArb,
} from './fuzz/client-authentication.js';
export {
  basicHeader,
  createFuzzFixture,
  type FixtureClient,
  type FixtureClientKey,
  FUZZ_ISSUER,
  type FuzzFixture,
  tokenRequestFor,
} from './fuzz/fuzz-fixture.js';
export {
  anyMethodArb,
  contentTypeArb,
  encodeForm,
  type FormEncoding,
  formEncodingArb,
  toHeaderValue,
  webMethodArb,
} from './fuzz/http-arbs.js';
export {
  BROKEN_PERCENT,
  hugeStringArb,
  KNOWN_PARAMS,
  paramNameArb,
  rawValueArb,
} from './fuzz/raw-value-arb.js';
export {
  buildRefusalCase,
  createRefusalFixture,
  REFUSAL_RULES,
  type RefusalCase,
  type RefusalFixture,
  type RefusalFuzzOptions,
  type RefusalRule,
  type RefusalServerFactory,
  refusalCaseArb,
  runRefusalFuzz,
} from './fuzz/refusal-fuzz.js';
export {
  authenticatedClient,
  type SentRequest,
  sentForm,
  single,
  toWebRequest,
} from './fuzz/sent-request.js';
export { justifyTokenSuccess } from './fuzz/token-oracle.js';
export {
  buildTokenStyleRequest,
  type TokenStyleCase,
  tokenStyleCaseArb,
} from './fuzz/token-style-case.js';
export {
  clientKeyArb,
  REF_NAMES,
  type RefName,
  refArb,
  renderValue,
  type ValueSpec,
  valueSpecArb,
} from './fuzz/value-spec.js';
export { linearTrend, percentile } from './latency-stats.js';
export { ERROR_CODES, type TokenStyleEndpoint } from './oauth-error-codes.js';
export {
  analyzeOutage,
  formatOutageReport,
  type OutageAnalysis,
  type OutageWindow,
  outcomeOf,
} from './outage/analyze-outage.js';
export {
  checkStoredState,
  type StoredCode,
  type StoredState,
  type StoredStateCheckOptions,
  type StoredToken,
} from './outage/check-stored-state.js';
export {
  type FlowEvent,
  type FlowLoadOptions,
  type FlowStep,
  runFlowLoad,
} from './outage/flow-load.js';
export { type OutageScenarioOptions, runOutageScenario } from './outage/run-outage-scenario.js';
export { jsonObject, type ResponseSnapshot, snapshotResponse } from './response-snapshot.js';
export { type CutMode, createTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { HangError, withTimeout } from './with-timeout.js';
