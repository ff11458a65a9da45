import * as fc from 'fast-check';
import { basicHeader, type FixtureClient, type FuzzFixture } from './fuzz-fixture.js';

/**
 * How a well-formed request authenticates: with the client's own method and secret, a wrong
 * secret, two methods at once (Basic and a body secret), or not at all.
 */
export type ClientAuthentication = 'own' | 'wrong-secret' | 'both' | 'none';

/** Mostly the client's own method, so runs get past authentication. */
export const clientAuthenticationArb: fc.Arbitrary<ClientAuthentication> = fc.constantFrom(
  'own',
  'own',
  'own',
  'wrong-secret',
  'both',
  'none',
);

/**
 * Adds `client`'s credentials to a request being built, as `how` says: the Basic header for
 * the `client_secret_basic` client, `client_id` (and `client_secret`) in the form otherwise.
 */
export function addClientAuthentication(
  pairs: [string, string][],
  headers: Record<string, string>,
  client: FixtureClient,
  how: ClientAuthentication,
  fixture: FuzzFixture,
): void {
  if (how === 'none') return;
  if (how === 'both') {
    const { basic, post } = fixture.clients;
    headers.authorization = basicHeader(basic.clientId, basic.secret!);
    pairs.push(['client_id', post.clientId], ['client_secret', post.secret!]);
    return;
  }
  const secret = how === 'wrong-secret' ? `${client.secret ?? ''}x` : client.secret;
  if (client.key === 'basic') {
    headers.authorization = basicHeader(client.clientId, secret!);
    return;
  }
  pairs.push(['client_id', client.clientId]);
  if (client.key === 'post' || how === 'wrong-secret') pairs.push(['client_secret', secret!]);
}
