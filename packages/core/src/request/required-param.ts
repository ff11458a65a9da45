import { InvalidRequestError } from '../errors/errors.js';
import type { Params } from './params.js';

/**
 * The value of a parameter the request must carry, or `invalid_request` naming it
 * (`missing_parameter`).
 *
 * @example
 * const code = requiredParam(params, 'code');
 */
export function requiredParam(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined) {
    throw new InvalidRequestError({ description: 'missing_parameter', params: { name } });
  }
  return value;
}
