import { ServerError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import { sectorIdentifier } from './sector-identifier.js';
import { subjectIdentifier } from './subject-identifier.js';

/**
 * The `sub` client `client` sees for the local user id (OpenID Connect Core 8): the id
 * itself, or a pairwise value per sector when the client registered `subject_type=pairwise`
 * and the server has a pairwise salt. A pairwise client on a server without one, or with
 * redirect URIs that name no single sector, is a configuration mistake: `server_error`,
 * never a public `sub` in its place.
 */
export function subjectForClient(
  client: Client,
  localSubject: string,
  pairwiseSalt: string | undefined,
): string {
  if (client.metadata.subjectType !== 'pairwise') return localSubject;
  try {
    if (pairwiseSalt === undefined) {
      throw new TypeError('a pairwise client needs the openid.pairwiseSalt option');
    }
    return subjectIdentifier({
      localSubject,
      subjectType: 'pairwise',
      sectorIdentifier: sectorIdentifier({
        redirectUris: client.metadata.redirectUris,
        sectorIdentifierUri: client.metadata.sectorIdentifierUri ?? null,
      }),
      salt: pairwiseSalt,
    });
  } catch (cause) {
    throw new ServerError({ cause });
  }
}
