import type { ClientRecord } from '@oauthkit/core';
import {
  dateToField,
  fieldToDate,
  type HashFields,
  required,
  requiredString,
} from './hash-fields.js';

/** The hash fields of a client; the metadata is one JSON document, as in every store. */
export function clientToHash(record: ClientRecord): HashFields {
  if (record === null || typeof record !== 'object') throw new TypeError('record must be a client');
  if (record.metadata === null || typeof record.metadata !== 'object') {
    throw new TypeError('metadata must be an object');
  }
  return {
    client_id: requiredString(record.clientId, 'clientId'),
    client_secret_digest: record.clientSecretDigest,
    client_id_issued_at: dateToField(record.clientIdIssuedAt, 'clientIdIssuedAt'),
    client_secret_expires_at: dateToField(record.clientSecretExpiresAt, 'clientSecretExpiresAt'),
    metadata: JSON.stringify(record.metadata),
    registration_access_token_digest: record.registrationAccessTokenDigest ?? null,
  };
}

export function clientFromHash(hash: Record<string, string>): ClientRecord {
  return {
    clientId: required(hash, 'client_id'),
    clientSecretDigest: hash['client_secret_digest'] ?? null,
    clientIdIssuedAt: fieldToDate(required(hash, 'client_id_issued_at'))!,
    clientSecretExpiresAt: fieldToDate(hash['client_secret_expires_at']),
    metadata: JSON.parse(required(hash, 'metadata')),
    // Absent field (a client saved without one, or before this field existed): absent.
    ...(hash['registration_access_token_digest']
      ? { registrationAccessTokenDigest: hash['registration_access_token_digest'] }
      : {}),
  };
}
