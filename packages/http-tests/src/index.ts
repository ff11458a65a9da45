export {
  basic,
  postForm,
  type SuiteContext,
  send,
  urlOf,
} from './http-client.js';
export {
  CONSENT_FIELD,
  createHttpFixture,
  type HttpFixture,
  ISSUER,
  JWT_PROTECTED_PATH,
  JWT_RESOURCE,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  REDIRECT_URI,
  USER_HEADER,
} from './http-fixture.js';
export { listenOnLoopback, type RunningServer } from './listen-on-loopback.js';
export { type HttpSuiteOptions, runHttpSuite } from './run-http-suite.js';
