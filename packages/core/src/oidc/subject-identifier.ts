import { createHash } from 'node:crypto';

/** Subject identifier types (OpenID Connect Core 8). */
export type SubjectType = 'public' | 'pairwise';

/** Input of {@link subjectIdentifier}. */
export interface SubjectIdentifierInput {
  /** The End-User's local, stable identifier. */
  localSubject: string;
  /** The client's `subject_type`; default `public`. */
  subjectType?: SubjectType;
  /** For `pairwise`: the client's sector identifier (see `sectorIdentifier`). */
  sectorIdentifier?: string;
  /** For `pairwise`: a server secret, stable for the server's lifetime (changing it changes every pairwise `sub`). */
  salt?: string;
}

/** The smallest pairwise salt accepted, in characters. */
const MIN_SALT_LENGTH = 16;

/**
 * The `sub` a client sees (OpenID Connect Core 8): the local identifier for `public`, or for
 * `pairwise` the base64url SHA-256 of sector identifier, local subject and salt (Core 8.1's
 * suggested construction), so two sectors cannot correlate an End-User and the `sub` cannot
 * be reversed without the salt. The parts are length-prefixed so that moving characters
 * between them changes the result. Caller mistakes throw `TypeError`.
 *
 * @example
 * subjectIdentifier({ localSubject: 'u1', subjectType: 'pairwise',
 *   sectorIdentifier: 'app.example', salt: process.env.PAIRWISE_SALT });
 */
export function subjectIdentifier(input: SubjectIdentifierInput): string {
  const { localSubject, subjectType = 'public' } = input;
  if (typeof localSubject !== 'string' || localSubject === '')
    throw new TypeError('localSubject must be a non-empty string');
  if (subjectType === 'public') return localSubject;
  if (subjectType !== 'pairwise')
    throw new TypeError(`unknown subject type "${String(subjectType)}"`);
  const { sectorIdentifier, salt } = input;
  if (typeof sectorIdentifier !== 'string' || sectorIdentifier === '') {
    throw new TypeError('pairwise subjects need a sectorIdentifier');
  }
  if (typeof salt !== 'string' || salt.length < MIN_SALT_LENGTH) {
    throw new TypeError(`pairwise subjects need a salt of at least ${MIN_SALT_LENGTH} characters`);
  }
  const hash = createHash('sha256');
  for (const part of [sectorIdentifier, localSubject, salt]) {
    hash.update(`${Buffer.byteLength(part, 'utf8')}:`).update(part, 'utf8');
  }
  return hash.digest('base64url');
}
