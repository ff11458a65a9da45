import * as fc from 'fast-check';
import type { FixtureClient, FixtureClientKey, FuzzFixture } from './fuzz-fixture.js';
import { rawValueArb } from './raw-value-arb.js';

/** The live values of a fixture a generated parameter can point to. */
export const REF_NAMES = [
  'clientId',
  'secret',
  'code',
  'verifier',
  'redirectUri',
  'accessToken',
  'refreshToken',
] as const satisfies readonly (keyof FixtureClient)[];

export type RefName = (typeof REF_NAMES)[number];

/**
 * A generated parameter value: a reference to a live value of one of the fixture's clients
 * (so runs reach the deep paths), or a raw hostile string. References keep
 * counterexamples readable and replayable: the fixture's random values change per run.
 */
export type ValueSpec = { ref: RefName; of: FixtureClientKey } | { raw: string };

export const clientKeyArb: fc.Arbitrary<FixtureClientKey> = fc.constantFrom(
  'basic',
  'post',
  'public',
);

export const refArb = (names: readonly RefName[] = REF_NAMES): fc.Arbitrary<ValueSpec> =>
  fc.record({ ref: fc.constantFrom(...names), of: clientKeyArb });

/** Mostly raw values, a third of the time a live reference. */
export const valueSpecArb: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 2, arbitrary: rawValueArb.map((raw) => ({ raw })) },
  { weight: 1, arbitrary: refArb() },
);

/** The string a {@link ValueSpec} stands for in this fixture. */
export function renderValue(spec: ValueSpec, fixture: FuzzFixture): string {
  if ('raw' in spec) return spec.raw;
  return String(fixture.clients[spec.of][spec.ref] ?? '');
}
