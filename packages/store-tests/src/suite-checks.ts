import type { DatePrecision } from './record-factory.js';
import type { StoreSuiteContext, StoreSuiteOptions } from './suite-options.js';

const PRECISIONS: readonly DatePrecision[] = ['millisecond', 'second'];

/** Throws a TypeError naming the first option a caller got wrong. */
export function checkSuiteOptions(options: StoreSuiteOptions): void {
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

/** Throws a TypeError listing what a `setup()` result lacks. */
export function checkSuiteContext(name: string, context: StoreSuiteContext | undefined): void {
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
