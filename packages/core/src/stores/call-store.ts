import { TemporarilyUnavailableError } from '../errors/errors.js';
import { OAuth2Error } from '../errors/oauth2-error.js';

/**
 * Runs a store call and fails closed: any rejection becomes `temporarily_unavailable`
 * (503), with the store's error kept as the private `cause`.
 */
export async function callStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof OAuth2Error) throw cause;
    throw new TemporarilyUnavailableError({ cause });
  }
}
