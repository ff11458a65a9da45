import { afterAll, beforeAll, describe } from 'vitest';
import type { SuiteContext } from './http-client.js';
import {
  createHttpFixture,
  type HttpFixture,
  type JWT_PROTECTED_PATH,
  type PROTECTED_PATH,
  type PROTECTED_SCOPE,
} from './http-fixture.js';
import type { RunningServer } from './listen-on-loopback.js';
import { authorizationTests } from './suites/authorization-tests.js';
import { bodyLimitTests } from './suites/body-limit-tests.js';
import { deviceTests } from './suites/device-tests.js';
import { dpopTests } from './suites/dpop-tests.js';
import { endSessionTests } from './suites/end-session-tests.js';
import { extensionTests } from './suites/extension-tests.js';
import { jwtResourceTests } from './suites/jwt-resource-tests.js';
import { metadataTests } from './suites/metadata-tests.js';
import { openidTests } from './suites/openid-tests.js';
import { parTests } from './suites/par-tests.js';
import { registrationTests } from './suites/registration-tests.js';
import { resourceTests } from './suites/resource-tests.js';
import { tokenEndpointTests } from './suites/token-endpoint-tests.js';
import { tokenManagementTests } from './suites/token-management-tests.js';

/** What a binding's test file hands to {@link runHttpSuite}. */
export interface HttpSuiteOptions {
  /** Shown in the test names, e.g. `express` or `fetch (hono)`. */
  name: string;
  /**
   * Builds an app with the binding over `fixture.server`, wired to the fixture's hooks, with
   * `GET` {@link PROTECTED_PATH} guarded by {@link PROTECTED_SCOPE} and answering
   * `fixture.protectedBody(token)`, and `GET` {@link JWT_PROTECTED_PATH} the same way with
   * the binding's `bearerValidator` option set to `fixture.jwtValidator`; starts it on
   * `127.0.0.1`, port 0. Paths that are not
   * endpoints must answer 404.
   */
  start(fixture: HttpFixture): Promise<RunningServer>;
}

/**
 * The one HTTP suite every framework binding runs: a real server, real `fetch()` requests,
 * the same assertions for all. Each call gets its own fixture (fresh memory stores).
 *
 * @example
 * runHttpSuite({ name: 'node:http', start: async (fixture) => listenOnLoopback(...) });
 */
export function runHttpSuite(options: HttpSuiteOptions): void {
  describe(`HTTP suite: ${options.name}`, () => {
    let context: SuiteContext | null = null;
    let running: RunningServer | null = null;
    beforeAll(async () => {
      const fixture = await createHttpFixture();
      running = await options.start(fixture);
      context = { fixture, baseUrl: running.baseUrl };
    });
    afterAll(async () => {
      await running?.close();
    });
    const ctx = () => {
      if (!context) throw new Error('the test server did not start');
      return context;
    };
    describe('metadata and routing', () => metadataTests(ctx));
    describe('token endpoint', () => tokenEndpointTests(ctx));
    describe('authorization endpoint', () => authorizationTests(ctx));
    describe('revocation and introspection', () => tokenManagementTests(ctx));
    describe('protected resource', () => resourceTests(ctx));
    describe('protected resource, JWT access tokens', () => jwtResourceTests(ctx));
    describe('body limits', () => bodyLimitTests(ctx));
    describe('extension points and CORS', () => extensionTests(ctx));
    describe('end-session endpoint (RP-Initiated Logout)', () => endSessionTests(ctx));
    describe('device authorization grant', () => deviceTests(ctx));
    describe('OpenID Connect', () => openidTests(ctx));
    describe('dynamic client registration', () => registrationTests(ctx));
    describe('DPoP (RFC 9449)', () => dpopTests(ctx));
    describe('pushed authorization requests (RFC 9126)', () => parTests(ctx));
  });
}
