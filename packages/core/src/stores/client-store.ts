import type { ClientMetadata } from '../models/client-metadata.js';

/**
 * A registered client as a store keeps it. The secret is never stored: only its SHA-256
 * digest (`digestSecret`), which is all the server needs to check a presented secret.
 */
export interface ClientRecord {
  clientId: string;
  /** Hex SHA-256 digest of the client secret; `null` for public clients. */
  clientSecretDigest: string | null;
  clientIdIssuedAt: Date;
  /** When the secret stops being accepted; `null` means never (RFC 7591 3.2.1). */
  clientSecretExpiresAt: Date | null;
  metadata: ClientMetadata;
  /**
   * Hex SHA-256 digest of the registration access token (RFC 7592 1.1) of a client registered
   * over HTTP (`digestToken`); absent for clients made otherwise. Stores read it back absent
   * (not `null`) when none was saved.
   */
  registrationAccessTokenDigest?: string | null;
}

/**
 * Where clients live. `findClient` must not throw for an unknown id: it returns `null`.
 * A rejected promise is a store failure and makes the server answer 503.
 */
export interface ClientStore {
  findClient(clientId: string): Promise<ClientRecord | null>;
  /** Inserts or replaces the client with this id. */
  saveClient(record: ClientRecord): Promise<void>;
  /** Returns whether a client was deleted. */
  deleteClient(clientId: string): Promise<boolean>;
}
