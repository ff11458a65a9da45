import { randomBytes } from 'node:crypto';

/**
 * `label` reduced to `[a-z0-9_]` (at most 32 characters) followed by a random suffix, so
 * that concurrent test files never share a database or key prefix.
 */
export function uniqueTestName(label: string): string {
  if (typeof label !== 'string') throw new TypeError('label must be a string');
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  if (clean === '') {
    throw new TypeError(`label ${JSON.stringify(label)} needs at least one letter or digit`);
  }
  return `${clean}_${randomBytes(5).toString('hex')}`;
}
