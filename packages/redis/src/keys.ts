/** Every prefix this package puts in front of its keys, unless told otherwise. */
export const DEFAULT_PREFIX = 'oauthkit:';

/**
 * The key names of one store, namespaced by kind under `prefix`.
 *
 * Cluster layout (every script must touch keys of one slot only):
 *
 * - `token:{familyId}:<accessDigest>`: the token record (a hash). The family id is the hash
 *   tag, so every record of a family lives in the family's slot.
 * - `family:{familyId}`: a set of the family's access digests.
 * - `family-revoked:{familyId}`: present once the family was revoked; no token may join it.
 * - `access:<accessDigest>` and `refresh:<refreshDigest>`: pointers to the record (the family
 *   id, plus the access digest for the refresh pointer). They live in other slots, so they
 *   are written outside the family scripts: lookups read the pointer first, then read or
 *   change the record on the family slot and re-validate that it holds the digest.
 * - `code:<codeDigest>`, `client:<clientId>`: one key each, single slot trivially.
 *
 * On one node (`crossSlotScripts`) the scripts also write the pointers and follow them to the
 * record themselves, on these very keys: the layout is the same on both paths.
 * - `device:<deviceCodeDigest>`: a device authorization (one key); `user-code:<digest>`
 *   points to it and is written outside its scripts (lookups re-validate the record).
 */
export interface RedisKeys {
  prefix: string;
  token(familyId: string, accessTokenDigest: string): string;
  /** What `token()` puts before the access digest: scripts build member keys from it. */
  tokenBase(familyId: string): string;
  family(familyId: string): string;
  familyRevoked(familyId: string): string;
  accessPointer(accessTokenDigest: string): string;
  refreshPointer(refreshTokenDigest: string): string;
  code(codeDigest: string): string;
  client(clientId: string): string;
  /** A device authorization (RFC 8628), by device code digest: a hash. */
  deviceCode(deviceCodeDigest: string): string;
  /** The user code's pointer to its device code digest (another slot: written apart). */
  userCode(userCodeDigest: string): string;
}

/**
 * Builds the key names under `prefix`. A prefix with `{` or `}` is refused: Redis Cluster
 * would take its hash tag from the prefix instead of the family id, and split a family
 * over several slots.
 *
 * @example
 * const keys = createKeys('myapp:oauth:');
 * keys.family('f1'); // 'myapp:oauth:family:{f1}'
 */
export function createKeys(prefix: string = DEFAULT_PREFIX): RedisKeys {
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  if (/[{}]/.test(prefix)) {
    throw new TypeError(`prefix must not contain "{" or "}" (Redis Cluster hash tags): ${prefix}`);
  }
  const tokenBase = (familyId: string) => `${prefix}token:${tag(familyId)}:`;
  return {
    prefix,
    tokenBase,
    token: (familyId, accessTokenDigest) => tokenBase(familyId) + accessTokenDigest,
    family: (familyId) => `${prefix}family:${tag(familyId)}`,
    familyRevoked: (familyId) => `${prefix}family-revoked:${tag(familyId)}`,
    accessPointer: (digest) => `${prefix}access:${digest}`,
    refreshPointer: (digest) => `${prefix}refresh:${digest}`,
    code: (digest) => `${prefix}code:${digest}`,
    client: (clientId) => `${prefix}client:${clientId}`,
    deviceCode: (digest) => `${prefix}device:${digest}`,
    userCode: (digest) => `${prefix}user-code:${digest}`,
  };
}

function tag(familyId: string): string {
  // An empty tag `{}` makes Redis hash the whole key, which would scatter the family.
  if (typeof familyId !== 'string' || familyId === '') {
    throw new TypeError('familyId must be a non-empty string');
  }
  return `{${familyId}}`;
}
