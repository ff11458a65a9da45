import { Error as MongooseError } from 'mongoose';

// Mongoose drops `undefined` filter values: `{ familyId: undefined, revokedAt: null }` would
// reach the server as `{ revokedAt: null }` and match every family. An object value would
// be read as a query operator. So every key a store filters on must be a non-empty string.
export function requireKey(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

export function requireDate(value: unknown, name: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
}

export function requireRecord(value: unknown, name: string): asserts value is object {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${name} must be a record object`);
  }
}

/**
 * Runs a write and turns Mongoose's validation failures (a bad record: a caller mistake)
 * into a TypeError; every other failure is a store failure and passes through unchanged.
 */
export async function asCallerError<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof MongooseError.ValidationError || err instanceof MongooseError.CastError) {
      throw new TypeError(`invalid ${what}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
