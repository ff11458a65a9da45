/**
 * Where single-use identifiers are remembered until they expire: the `jti` of RFC 7523
 * client assertions (namespace `client_assertion`), and later DPoP proofs (RFC 9449 11.1).
 * Callers pass a digest of the identifier, never the identifier itself, so a dump of the
 * store holds nothing a client sent.
 */
export interface ReplayStore {
  /**
   * Records `id` in `namespace` until `expiresAt` and says whether this call was the first.
   * Atomic: of any number of concurrent calls with one namespace and id, exactly one
   * resolves `true`; every other call, and every later call before `expiresAt`, resolves
   * `false`. After `expiresAt` the id may be forgotten (the caller refuses anything that old
   * anyway). Namespaces never see each other's ids. A store failure rejects: callers fail
   * closed.
   *
   * @example
   * if (!(await replay.useOnce('client_assertion', digestToken(`${clientId} ${jti}`), exp))) {
   *   throw new InvalidClientError();
   * }
   */
  useOnce(namespace: string, id: string, expiresAt: Date): Promise<boolean>;
}

/** Throws `TypeError` for arguments no store should accept (shared by every implementation). */
export function checkReplayArguments(namespace: string, id: string, expiresAt: Date): void {
  if (typeof namespace !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(namespace)) {
    throw new TypeError('useOnce: namespace must be 1-64 characters of [a-z0-9_-]');
  }
  if (typeof id !== 'string' || id === '' || id.length > 256) {
    throw new TypeError('useOnce: id must be a non-empty string of at most 256 characters');
  }
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw new TypeError('useOnce: expiresAt must be a valid Date');
  }
}
