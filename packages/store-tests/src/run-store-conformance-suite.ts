import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { DatePrecision } from './record-factory.js';
import { createSuiteHarness, type Scenarios } from './suite-harness.js';
import type { StoreSuiteContext, StoreSuiteOptions } from './suite-options.js';
import { atRestScenarios } from './suites/at-rest.js';
import { clientScenarios } from './suites/clients.js';
import { codeScenarios } from './suites/codes.js';
import { raceScenarios } from './suites/races.js';
import { rotationScenarios } from './suites/rotation.js';
import { tokenScenarios } from './suites/tokens.js';

/** Every group of the suite, in run order. */
export const conformanceGroups: Readonly<Record<string, Scenarios>> = {
  clients: clientScenarios,
  tokens: tokenScenarios,
  'refresh token rotation': rotationScenarios,
  'authorization codes': codeScenarios,
  races: raceScenarios,
  'at rest': atRestScenarios,
};

const PRECISIONS: readonly DatePrecision[] = ['millisecond', 'second'];

function checkOptions(options: StoreSuiteOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('runStoreConformanceSuite needs an options object');
  }
  if (typeof options.name !== 'string' || options.name === '') {
    throw new TypeError('runStoreConformanceSuite: `name` must be a non-empty string');
  }
  for (const hook of ['setup', 'teardown'] as const) {
    if (typeof options[hook] !== 'function') {
      throw new TypeError(
        `runStoreConformanceSuite(${options.name}): \`${hook}\` must be a function`,
      );
    }
  }
  if (options.datePrecision !== undefined && !PRECISIONS.includes(options.datePrecision)) {
    throw new TypeError(
      `runStoreConformanceSuite(${options.name}): \`datePrecision\` must be 'millisecond' or 'second'`,
    );
  }
}

function checkContext(name: string, context: StoreSuiteContext | undefined): void {
  const missing: string[] = [];
  const stores = context?.stores as unknown as Record<string, unknown> | undefined;
  for (const key of ['clients', 'tokens', 'codes']) {
    if (typeof stores?.[key] !== 'object' || stores[key] === null) missing.push(`stores.${key}`);
  }
  const raw = context?.raw as unknown as Record<string, unknown> | undefined;
  for (const key of ['dump', 'token', 'code', 'client']) {
    if (typeof raw?.[key] !== 'function') missing.push(`raw.${key}()`);
  }
  if (typeof context?.reset !== 'function') missing.push('reset()');
  if (missing.length > 0) {
    throw new TypeError(`${name}: setup() returned a context without ${missing.join(', ')}`);
  }
}

/**
 * Registers the store conformance suite: clients, tokens, rotation, codes, concurrent races
 * and the at-rest dump check, each write verified through `raw` as well as through the
 * stores. Call it once, at the top level of a test file. With `skip` set, every test is
 * registered as skipped under a title that gives the reason, and a warning is printed.
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
  checkOptions(options);
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
      checkContext(name, created);
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
          it(title, () => scenario(harness));
        }
      });
    }
  });
}
