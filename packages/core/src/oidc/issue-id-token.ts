import type { GrantServices } from '../grants/token-grant.js';
import { isSigningAlgorithm } from '../keys/signing-algorithm.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { findReleasedClaims } from './find-released-claims.js';
import { signIdToken } from './sign-id-token.js';
import { subjectForClient } from './subject-for-client.js';

/** What {@link issueIdToken} binds an ID token to. */
export interface IdTokenSubject {
  client: Client;
  user: User;
  services: GrantServices;
  /** The granted scopes. */
  scopes: readonly string[];
  /** The grant's `authTime`, `acr`, `amr` and `claims` request. */
  extensions: RecordExtensions;
  nonce: string | undefined;
  /** Bound by `at_hash`. */
  accessToken?: string;
  /** Bound by `c_hash`. */
  code?: string;
  /** No UserInfo call follows (an ID token alone): the scope claims go in the ID token. */
  scopeClaimsInIdToken?: boolean;
}

/**
 * Signs the ID token of a grant (OpenID Connect Core 2, 3.1.3.3, 3.2.2.10, 3.3.2.11): our
 * issuer, the client's `sub` (public or pairwise), `aud` = the client, `iat` now, the grant's
 * `auth_time` / `acr` / `amr`, `nonce`, the hashes of what travels with it, and the claims the
 * app releases; with the client's registered algorithm when the key set has it.
 *
 * @example
 * const idToken = await issueIdToken(options, { client, user, services, scopes, extensions, nonce });
 */
export async function issueIdToken(
  options: ResolvedOpenIdConnectOptions,
  subject: IdTokenSubject,
): Promise<string> {
  const { client, user, services, scopes, extensions, nonce, accessToken, code } = subject;
  const keys = services.signingKeys!; // checked when the server started
  const wanted = client.metadata.idTokenSignedResponseAlg;
  const alg =
    wanted !== undefined && isSigningAlgorithm(wanted) && keys.algorithms.includes(wanted)
      ? wanted
      : undefined;
  const released = await findReleasedClaims(
    subject.scopeClaimsInIdToken ? { ...options, idTokenScopeClaims: true } : options,
    { user, client, scopes, claims: extensions.claims, target: 'id_token' },
  );
  return signIdToken(
    keys,
    {
      issuer: services.config.issuer,
      subject: subjectForClient(client, user.getUserId(), options.pairwiseSalt),
      clientId: client.clientId,
      issuedAt: Math.floor(services.now().getTime() / 1000),
      expiresIn: options.idTokenExpiresIn,
      authTime: extensions.authTime,
      nonce,
      acr: extensions.acr,
      amr: extensions.amr,
      ...(accessToken !== undefined ? { accessToken } : {}),
      ...(code !== undefined ? { code } : {}),
      claims: released,
    },
    alg,
  );
}
