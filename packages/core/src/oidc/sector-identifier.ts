/** The client metadata the sector identifier depends on (OpenID Connect Core 8.1). */
export interface SectorIdentifierInput {
  redirectUris: readonly string[];
  /** `sector_identifier_uri`, if registered. It is never fetched here. */
  sectorIdentifierUri?: string | null;
}

/**
 * The sector identifier of a client for pairwise subjects (OpenID Connect Core 8.1): the
 * host of its `sector_identifier_uri` when it has one, else the host of its redirect URIs,
 * which must then all share one host. Caller mistakes throw `TypeError` (registration turns
 * that into `invalid_client_metadata`): several hosts without `sector_identifier_uri`, a
 * redirect URI without a host (private-use schemes), a `sector_identifier_uri` that is not
 * `https`. Checking the document at `sector_identifier_uri` (it must list the redirect URIs)
 * is the registration's job and fetches under SECURITY.md rule 38; nothing is fetched here.
 *
 * @example
 * sectorIdentifier({ redirectUris: ['https://app.example/cb'] }); // 'app.example'
 */
export function sectorIdentifier(input: SectorIdentifierInput): string {
  if (input.sectorIdentifierUri) {
    const url = parse(input.sectorIdentifierUri, 'sector_identifier_uri');
    if (url.protocol !== 'https:')
      throw new TypeError('sector_identifier_uri must be an https URI');
    return url.hostname;
  }
  const hosts = new Set(input.redirectUris.map((u) => parse(u, 'redirect_uri').hostname));
  if (hosts.has(''))
    throw new TypeError(
      'a redirect URI without a host needs a sector_identifier_uri for pairwise subjects',
    );
  if (hosts.size !== 1) {
    throw new TypeError(
      hosts.size === 0
        ? 'pairwise subjects need a redirect URI or a sector_identifier_uri'
        : 'redirect URIs on several hosts need a sector_identifier_uri for pairwise subjects',
    );
  }
  return [...hosts][0]!;
}

function parse(uri: string, name: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw new TypeError(`${name} "${uri}" is not an absolute URI`);
  }
}
