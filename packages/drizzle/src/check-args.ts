// Caller mistakes reject with a TypeError before any SQL runs. An `undefined` that reached a
// query could widen it (`SET revoked_at = NULL` "revokes" by un-revoking) or match nothing
// and pass for an answer.

/** A digest, id or family id: a non-empty string. */
export function checkKey(method: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${method}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
}

/** A nullable digest: `null` or a non-empty string. */
export function checkOptionalKey(method: string, name: string, value: unknown): void {
  if (value !== null) checkKey(method, name, value);
}

/** A valid Date. */
export function checkDate(method: string, name: string, value: unknown): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${method}: ${name} must be a valid Date, got ${describe(value)}`);
  }
}

/** A record argument: an object. */
export function checkRecord(method: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${method}: expected a record, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  return value === '' ? 'an empty string' : value === null ? 'null' : typeof value;
}
