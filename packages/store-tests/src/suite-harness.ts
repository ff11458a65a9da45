import type { Stores } from '@oauthkit/core';
import { createRecordFactory, type DatePrecision, type RecordFactory } from './record-factory.js';
import type { FaultyStores, RawReader, StoreSuiteContext } from './suite-options.js';

/** What every scenario of the suite gets: the stores under test, the raw reader, fixtures. */
export interface SuiteHarness {
  readonly stores: Stores;
  readonly raw: RawReader;
  readonly make: RecordFactory;
  readonly precision: DatePrecision;
  /** The client every token and code fixture belongs to, saved by `seed()`. */
  readonly clientId: string;
  /** See `StoreSuiteContext.faulty`; `undefined` when the context cannot inject failures. */
  readonly faulty: ((okCalls: number) => Promise<FaultyStores>) | undefined;
  /** Saves the fixtures' client, for stores whose tokens and codes reference clients. */
  seed(): Promise<void>;
}

/** One check of the suite, run inside its own `it`. Rejects when the store is wrong. */
export type Scenario = (h: SuiteHarness) => Promise<void>;

/** Scenarios by test title. */
export type Scenarios = Readonly<Record<string, Scenario>>;

/**
 * Wraps a context that is only known once `setup()` has run. The context is read on every
 * access, so a `reset()` may swap the stores it holds (the memory stores do).
 */
export function createSuiteHarness(
  getContext: () => StoreSuiteContext,
  precision: DatePrecision,
): SuiteHarness {
  const make = createRecordFactory(precision, 'suite-client');
  const { record } = make.client({ clientId: 'suite-client' });
  return {
    get stores() {
      return getContext().stores;
    },
    get raw() {
      return getContext().raw;
    },
    make,
    precision,
    clientId: record.clientId,
    get faulty() {
      const context = getContext();
      return context.faulty ? (okCalls: number) => context.faulty!(okCalls) : undefined;
    },
    seed: () => getContext().stores.clients.saveClient(record),
  };
}
