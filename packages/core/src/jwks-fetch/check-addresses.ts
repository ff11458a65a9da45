import { isPublicAddress } from './is-public-address.js';
import { JwksFetchError } from './jwks-fetch-error.js';

/** A resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * The address to connect to, once every address `host` resolved to passed the check: all
 * of them, not just the first, since a host answering a public and a private address would
 * otherwise reach the private one on another try. Private addresses pass only with
 * `allowPrivate`, or for a host in `allowHosts`. Throws {@link JwksFetchError}.
 */
export function checkAddresses(
  host: string,
  addresses: readonly ResolvedAddress[],
  options: { allowPrivate: boolean; allowHosts: readonly string[] },
): ResolvedAddress {
  if (addresses.length === 0) throw new JwksFetchError('dns', 'the jwks_uri host has no address');
  const privateOk = options.allowPrivate || options.allowHosts.includes(host.toLowerCase());
  if (!privateOk && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new JwksFetchError('blocked_address', 'the jwks_uri host has a non-public address');
  }
  return addresses[0]!;
}
