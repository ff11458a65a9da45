import type { ClientMetadata, LocalizedClientMetadata } from '../models/client-metadata.js';

/** The human-readable fields that may carry a language tag (RFC 7591 2.2), wire -> code. */
export const LOCALIZABLE_FIELDS = {
  client_name: 'clientName',
  client_uri: 'clientUri',
  logo_uri: 'logoUri',
  tos_uri: 'tosUri',
  policy_uri: 'policyUri',
} as const satisfies Record<string, keyof LocalizedClientMetadata>;

/** The other fields a registration stores, wire -> code (every one optional on the wire). */
const PLAIN_FIELDS = {
  redirect_uris: 'redirectUris',
  grant_types: 'grantTypes',
  response_types: 'responseTypes',
  scope: 'scope',
  token_endpoint_auth_method: 'tokenEndpointAuthMethod',
  contacts: 'contacts',
  jwks: 'jwks',
  jwks_uri: 'jwksUri',
  token_endpoint_auth_signing_alg: 'tokenEndpointAuthSigningAlg',
  post_logout_redirect_uris: 'postLogoutRedirectUris',
  application_type: 'applicationType',
  software_id: 'softwareId',
  software_version: 'softwareVersion',
  id_token_signed_response_alg: 'idTokenSignedResponseAlg',
  subject_type: 'subjectType',
  default_max_age: 'defaultMaxAge',
} as const satisfies Record<string, keyof ClientMetadata>;

/**
 * Registered metadata as RFC 7591 3.2.1 returns it: snake_case names, language-tagged
 * variants as `client_name#fr`, and only the fields that are set.
 *
 * @example
 * clientMetadataToJson({ ...metadata, localized: { fr: { clientName: 'Appli' } } });
 * // { ..., client_name: 'App', 'client_name#fr': 'Appli' }
 */
export function clientMetadataToJson(metadata: ClientMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [wire, field] of Object.entries(PLAIN_FIELDS)) {
    const value = metadata[field];
    if (value !== undefined) out[wire] = value;
  }
  for (const [wire, field] of Object.entries(LOCALIZABLE_FIELDS)) {
    const value = metadata[field];
    if (value !== undefined) out[wire] = value;
  }
  for (const [tag, fields] of Object.entries(metadata.localized ?? {})) {
    for (const [wire, field] of Object.entries(LOCALIZABLE_FIELDS)) {
      const value = fields[field];
      if (value !== undefined) out[`${wire}#${tag}`] = value;
    }
  }
  return out;
}
