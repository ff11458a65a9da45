/**
 * Records are kept as Redis hashes with snake_case fields (the storage names, like SQL
 * columns). A `null` is an absent field, so scripts can test and set it with `HSETNX`;
 * dates are epoch milliseconds, so scripts can write `now` without parsing anything.
 */
export type HashFields = Record<string, string | null>;

/** The flat `field, value, ...` list `HSET` takes, leaving out `null` fields. */
export function toHashPairs(fields: HashFields): string[] {
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value !== null) pairs.push(field, value);
  }
  return pairs;
}

/**
 * The same list as {@link toHashPairs}, as one JSON array for a script to `cjson.decode`. A
 * lone UTF-16 surrogate, which `JSON.stringify` escapes and cjson refuses, becomes U+FFFD
 * first, as the client's UTF-8 encoding of a plain argument would have stored it.
 */
export function toHashPairsJson(fields: HashFields): string {
  const pairs = toHashPairs(fields);
  const json = JSON.stringify(pairs);
  // Only a lone surrogate comes out as a \uD800-\uDFFF escape (rare: checked on the text).
  return /\\ud[89a-f]/i.test(json) ? JSON.stringify(pairs.map(wellFormed)) : json;
}

function wellFormed(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}

export function dateToField(date: Date | null, name: string): string | null {
  if (date === null) return null;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
  return String(date.getTime());
}

export function fieldToDate(value: string | undefined): Date | null {
  return value === undefined ? null : new Date(Number(value));
}

/** A field that every stored record has; its absence means the hash is not ours. */
export function required(hash: Record<string, string>, field: string): string {
  const value = hash[field];
  if (value === undefined) throw new Error(`stored record is missing its ${field} field`);
  return value;
}

export function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return value;
}

/** `HGETALL` as a script returns it: a flat `field, value, ...` array. */
export function pairsToObject(pairs: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) hash[pairs[i]!] = pairs[i + 1]!;
  return hash;
}

/**
 * `HGETALL` as the scripts that answer in JSON return it: `cjson.encode` of the flat
 * `field, value, ...` array (one string for the client to decode instead of two per field).
 */
export function hashFromJson(json: string): Record<string, string> {
  const pairs: unknown = JSON.parse(json);
  if (!Array.isArray(pairs)) throw new Error('stored record is not a hash');
  return pairsToObject(pairs as string[]);
}
