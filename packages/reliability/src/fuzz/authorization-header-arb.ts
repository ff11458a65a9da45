import * as fc from 'fast-check';
import { hugeStringArb, rawValueArb } from './raw-value-arb.js';

/** How a generated request authenticates; `valid`/`wrong-secret` are filled in per fixture. */
export type AuthorizationHeaderSpec =
  | { kind: 'none' }
  | { kind: 'valid' }
  | { kind: 'wrong-secret' }
  | { kind: 'raw'; value: string };

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

/**
 * Malformed `Authorization: Basic` values (RFC 7617, RFC 6749 2.3.1): bad base64, no
 * colon, an empty id, invalid UTF-8 and percent-encoding inside, huge, wrong scheme.
 */
export const malformedBasicArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('Basic', 'Basic ', 'Basic =', 'Basic ====', 'Basic !!!!', 'Basic YQ', 'basic'),
  rawValueArb.map((s) => `Basic ${s}`),
  rawValueArb.map((s) => `Basic ${b64(s.replace(/:/g, ''))}`),
  rawValueArb.map((s) => `Basic ${b64(`:${s}`)}`),
  rawValueArb.map((s) => `Basic ${b64(`${s}:`)}`),
  fc.tuple(rawValueArb, rawValueArb).map(([a, b]) => `Basic ${b64(`${a}:${b}`)}`),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => `Basic ${b64(bytes)}`),
  fc.constantFrom('%', '%ZZ', '%E2%82', '+%00').map((s) => `Basic ${b64(`${s}:${s}`)}`),
  hugeStringArb.map((s) => `Basic ${b64(s)}`),
  fc.constantFrom('Bearer abc', 'Digest x', 'Basic\tYTpi', 'Basic  YTpi', 'Basic YTpi YTpi'),
);

/** An `Authorization` header spec: none, the fixture's valid one, a wrong secret, or junk. */
export const authorizationHeaderArb: fc.Arbitrary<AuthorizationHeaderSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrong-secret' as const }) },
  { weight: 3, arbitrary: malformedBasicArb.map((value) => ({ kind: 'raw' as const, value })) },
  { weight: 1, arbitrary: rawValueArb.map((value) => ({ kind: 'raw' as const, value })) },
);
