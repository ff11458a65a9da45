import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { checkSuiteContext, checkSuiteOptions } from './suite-checks.js';
import { createSuiteHarness, type Scenarios } from './suite-harness.js';
import type { StoreSuiteContext, StoreSuiteOptions } from './suite-options.js';
import { atRestScenarios } from './suites/at-rest.js';
import { callerMistakeScenarios } from './suites/caller-mistakes.js';
import { clientRegistrationScenarios } from './suites/client-registration.js';
import { clientScenarios } from './suites/clients.js';
import { codeRedemptionScenarios } from './suites/code-redemption.js';
import { codeReplayScenarios } from './suites/code-replay.js';
import { codeScenarios } from './suites/codes.js';
import { deviceCodeScenarios } from './suites/device-codes.js';
import { expiredRecordRaceScenarios } from './suites/expired-record-races.js';
import { expiredRecordScenarios } from './suites/expired-records.js';
import { expiryScenarios } from './suites/expiry.js';
import { extensionScenarios } from './suites/extensions.js';
import { harderRaceScenarios } from './suites/harder-races.js';
import { raceScenarios } from './suites/races.js';
import { rotationScenarios } from './suites/rotation.js';
import { storeFailureScenarios } from './suites/store-failures.js';
import { tokenScenarios } from './suites/tokens.js';

/**
 * Groups that write over a thousand records (more than one cleanup batch), or open a new
 * connection per step (store failures): a slow database on a loaded machine needs longer
 * than the default test timeout for them.
 */
const GROUP_TIMEOUTS: Readonly<Record<string, number>> = {
  'harder races': 120_000,
  'store failures': 120_000,
};

/** Every group of the suite, in run order. */
export const conformanceGroups: Readonly<Record<string, Scenarios>> = {
  clients: clientScenarios,
  tokens: tokenScenarios,
  'refresh token rotation': rotationScenarios,
  'authorization codes': codeScenarios,
  'code replay': codeReplayScenarios,
  'code redemption': codeRedemptionScenarios,
  'record extensions': extensionScenarios,
  'caller mistakes': callerMistakeScenarios,
  expiry: expiryScenarios,
  races: raceScenarios,
  'harder races': harderRaceScenarios,
  'store failures': storeFailureScenarios,
  'expired records': expiredRecordScenarios,
  'expired-record races': expiredRecordRaceScenarios,
  'at rest': atRestScenarios,
  'device codes': deviceCodeScenarios,
  'client registration': clientRegistrationScenarios,
};

/**
 * Registers the store conformance suite: clients, tokens, rotation, codes, record extensions,
 * caller mistakes,
 * expiry, concurrent races, store failures (when the context can inject them), expired-record
 * cleanup (alone and racing single use) and the at-rest dump check, each
 * write verified through `raw` as well as through the stores. Call it once, at the top level
 * of a test file. With `skip` set, every test is registered as skipped under a title that
 * gives the reason, and a warning is printed.
 *
 * @example
 * const service = await getServiceUrl('postgres');
 * let db: TestDatabase;
 * runStoreConformanceSuite({
 *   name: 'drizzle/postgres',
 *   skip: 'skip' in service ? service.skip : undefined,
 *   async setup() {
 *     db = await createTestDatabase('postgres', (service as { url: string }).url, 'drizzle');
 *     return createDrizzleSuiteContext(db.url); // stores, raw reader, reset
 *   },
 *   teardown: () => db.drop(),
 * });
 */
export function runStoreConformanceSuite(options: StoreSuiteOptions): void {
  checkSuiteOptions(options);
  const { name, skip } = options;
  if (skip) {
    console.warn(`[store-tests] ${name} skipped: ${skip}`);
    describe.skip(`store conformance: ${name} (skipped: ${skip})`, () => {
      for (const [group, scenarios] of Object.entries(conformanceGroups)) {
        describe(group, () => {
          for (const title of Object.keys(scenarios)) it(title, () => {});
        });
      }
    });
    return;
  }

  let context: StoreSuiteContext | undefined;
  const harness = createSuiteHarness(() => {
    if (!context) throw new Error(`${name}: setup() has not completed`);
    return context;
  }, options.datePrecision ?? 'millisecond');

  describe(`store conformance: ${name}`, () => {
    beforeAll(async () => {
      const created = await options.setup();
      checkSuiteContext(name, created);
      context = created;
    });
    afterAll(() => options.teardown());
    beforeEach(async () => {
      await context?.reset();
      await harness.seed();
    });
    for (const [group, scenarios] of Object.entries(conformanceGroups)) {
      describe(group, () => {
        for (const [title, scenario] of Object.entries(scenarios)) {
          it(
            title,
            (test) => {
              if (scenarios === storeFailureScenarios && !context?.faulty) {
                test.skip(`${name} cannot inject failures into its connection (no faulty())`);
                return;
              }
              if (scenarios === deviceCodeScenarios && !context?.stores.deviceCodes) {
                test.skip(`${name} has no deviceCodes store (RFC 8628 device codes)`);
                return;
              }
              return scenario(harness);
            },
            GROUP_TIMEOUTS[group],
          );
        }
      });
    }
  });
}
