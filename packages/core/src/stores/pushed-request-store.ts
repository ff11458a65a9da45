/**
 * A pushed authorization request (RFC 9126 2) as a store keeps it. The `request_uri` handed
 * to the client works like a bearer secret until it is used, so only its SHA-256 digest
 * (`digestToken`) is kept.
 */
export interface PushedRequestRecord {
  /** Digest of the whole `request_uri` (`urn:ietf:params:oauth:request_uri:...`). */
  requestUriDigest: string;
  /** The client that pushed it, authenticated at the PAR endpoint: the only one that may use it. */
  clientId: string;
  /**
   * The authorization request's parameters, validated at the PAR endpoint, as an
   * `application/x-www-form-urlencoded` string (repeatable parameters such as `resource`
   * keep every value). Client authentication parameters are not in it.
   */
  parameters: string;
  issuedAt: Date;
  /** When the `request_uri` stops working (RFC 9126 2.2 `expires_in`). */
  expiresAt: Date;
}

/**
 * Where pushed authorization requests (RFC 9126) live until they are used or expire. A
 * record is written once and never changed; using it is one atomic delete.
 *
 * Expiry is not checked by the store (the server reads `expiresAt`); a store may forget a
 * record at `expiresAt` (Redis TTL), and then answers as for an unknown digest. A rejected
 * promise is a store failure: the server fails closed (503). Arguments the contract does not
 * allow are caller mistakes, refused with a `TypeError` before the store is asked
 * (`checkedPushedRequestStore`).
 */
export interface PushedRequestStore {
  /** Inserts a new record; rejects when the digest is already stored (never overwrite). */
  savePushedRequest(record: PushedRequestRecord): Promise<void>;
  /** The record, used or not yet; `null` when unknown (or already used: using deletes it). */
  findPushedRequest(requestUriDigest: string): Promise<PushedRequestRecord | null>;
  /**
   * Uses the record: deletes it when it belongs to `clientId` and resolves it as it was.
   * Resolves `null`, writing nothing, for an unknown digest or another client's record (which
   * stays usable by its own client). Of any number of concurrent calls for one digest at most
   * one resolves the record (RFC 9126 7.3: a `request_uri` is used once).
   */
  consumePushedRequest(
    requestUriDigest: string,
    clientId: string,
  ): Promise<PushedRequestRecord | null>;
  /**
   * Deletes every record whose `expiresAt <= now` (the condition is part of the delete).
   * Resolves the number of records this call deleted.
   */
  deleteExpired(now: Date): Promise<number>;
}
