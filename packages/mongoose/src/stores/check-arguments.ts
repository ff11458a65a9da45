import { Error as MongooseError } from 'mongoose';

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
