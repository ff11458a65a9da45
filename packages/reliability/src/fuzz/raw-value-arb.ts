import * as fc from 'fast-check';

/** Percent sequences that are invalid, truncated or overlong UTF-8, and lone `%` / `+`. */
export const BROKEN_PERCENT = [
  '%',
  '%%',
  '%G0',
  '%2',
  '%E2%82',
  '%C0%80',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  '+',
  '%2B',
  '%20',
  '%3D%26',
] as const;

/** Values far beyond any parameter (around the 16 KiB body cap), built cheaply by repetition. */
export const hugeStringArb = fc
  .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 2_000, max: 12_000 }))
  .map(([unit, times]) => unit.repeat(times));

/**
 * Hostile parameter values: ASCII, any Unicode code point, C0 controls and NUL, broken
 * percent-encoding, huge values, empty.
 */
export const rawValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }).map((s) => `${s}\u0000${s}`) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_PERCENT) },
  { weight: 1, arbitrary: hugeStringArb },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Every parameter name the endpoints read: most generated names hit a real code path. */
export const KNOWN_PARAMS = [
  'grant_type',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'scope',
  'client_id',
  'client_secret',
  'token',
  'token_type_hint',
  'response_type',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'username',
  'password',
  'access_token',
] as const;

/** Parameter names: mostly the known ones, sometimes anything at all. */
export const paramNameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_PARAMS) },
  { weight: 1, arbitrary: rawValueArb },
);
