import { afterAll, describe, it } from 'vitest';
import {
  type PushedRequestStoreFactory,
  pushedRequestScenarios,
} from './suites/pushed-requests.js';

/** What {@link runPushedRequestStoreSuite} needs from a store package. */
export interface PushedRequestStoreSuiteOptions {
  name: string;
  /** When set, every test is registered as skipped under a title giving this reason. */
  skip?: string;
  /**
   * A store to test; called for each race participant too, so that a package can hand out
   * stores over separate connections (a race on one connection proves less).
   */
  create: PushedRequestStoreFactory;
  /** Called once after the suite: drop the keys, rows or documents it wrote. */
  teardown?(): Promise<void>;
}

/**
 * The `PushedRequestStore` conformance group (RFC 9126, SECURITY.md rule 42): reads
 * back what was written, never overwrites, single use under a race (50 concurrent consumes:
 * exactly one wins), another client's `request_uri` refused, expiry, argument checks. Every
 * store package calls it once against its real database.
 *
 * @example
 * runPushedRequestStoreSuite({ name: 'redis', create: () => createRedisPushedRequestStore(redis, { prefix }) });
 */
export function runPushedRequestStoreSuite(options: PushedRequestStoreSuiteOptions): void {
  if (options.skip) {
    console.warn(`[store-tests] PushedRequestStore ${options.name} skipped: ${options.skip}`);
  }
  const describeOrSkip = options.skip ? describe.skip : describe;
  const title = options.skip ? ` (skipped: ${options.skip})` : '';
  describeOrSkip(`PushedRequestStore conformance: ${options.name}${title}`, () => {
    if (options.teardown) afterAll(options.teardown);
    for (const [name, scenario] of Object.entries(pushedRequestScenarios)) {
      it(name, () => scenario(options.create));
    }
  });
}
