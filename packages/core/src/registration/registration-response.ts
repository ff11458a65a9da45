import type { ClientRecord } from '../stores/client-store.js';
import { clientMetadataToJson } from './client-metadata-wire.js';

/** Values shown once: the new secret and registration access token, when issued. */
export interface IssuedCredentials {
  clientSecret?: string;
  registrationAccessToken?: string;
}

/**
 * The client information response (RFC 7591 3.2.1, RFC 7592 3): the metadata as stored,
 * `client_id`, the dates, `registration_client_uri`, and the secrets this response issued.
 * A secret or token not issued by this response is never in it: only digests are stored.
 */
export function clientInformation(
  record: ClientRecord,
  clientUri: string,
  issued: IssuedCredentials,
): Record<string, unknown> {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    client_id: record.clientId,
    ...(issued.clientSecret !== undefined ? { client_secret: issued.clientSecret } : {}),
    client_id_issued_at: seconds(record.clientIdIssuedAt),
    ...(record.clientSecretDigest !== null
      ? {
          client_secret_expires_at: record.clientSecretExpiresAt
            ? seconds(record.clientSecretExpiresAt)
            : 0,
        }
      : {}),
    ...(issued.registrationAccessToken !== undefined
      ? { registration_access_token: issued.registrationAccessToken }
      : {}),
    registration_client_uri: clientUri,
    ...clientMetadataToJson(record.metadata),
  };
}

/** `registration_client_uri` (RFC 7592 1): the registration endpoint with the client's id. */
export function clientConfigurationUri(endpointUrl: string, clientId: string): string {
  const url = new URL(endpointUrl);
  url.searchParams.set('client_id', clientId);
  return url.href;
}
