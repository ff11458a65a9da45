import type { ClientMetadata, ClientRecord } from '@oauthkit/core';
import type { ClientDocument } from '../schemas/client-schema.js';

/** The document saved for a client record (fields picked, so no stray key is stored). */
export function toClientDocument(record: ClientRecord): ClientDocument {
  return {
    clientId: record.clientId,
    clientSecretDigest: record.clientSecretDigest,
    clientIdIssuedAt: record.clientIdIssuedAt,
    clientSecretExpiresAt: record.clientSecretExpiresAt,
    metadata: withoutUndefined(record.metadata),
    registrationAccessTokenDigest: record.registrationAccessTokenDigest ?? null,
  };
}

/** The record a stored (lean) client document stands for; `_id` and unknown fields dropped. */
export function toClientRecord(doc: ClientDocument): ClientRecord {
  return {
    clientId: doc.clientId,
    clientSecretDigest: doc.clientSecretDigest ?? null,
    clientIdIssuedAt: doc.clientIdIssuedAt,
    clientSecretExpiresAt: doc.clientSecretExpiresAt ?? null,
    metadata: doc.metadata,
    // A document without one (or saved before the field existed) reads without one.
    ...(doc.registrationAccessTokenDigest
      ? { registrationAccessTokenDigest: doc.registrationAccessTokenDigest }
      : {}),
  };
}

// `undefined` is not a BSON value: drop such keys rather than let the driver store nulls
// that would read back as a different metadata document.
function withoutUndefined(metadata: ClientMetadata): ClientMetadata {
  return Object.fromEntries(
    Object.entries(metadata).filter(([, v]) => v !== undefined),
  ) as unknown as ClientMetadata;
}
