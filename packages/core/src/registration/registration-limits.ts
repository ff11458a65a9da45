/**
 * The bounds on a registration request (RFC 7591 leaves them to the server). Every list and
 * string a client sends is counted against one of these before it is stored; the body as a
 * whole is capped by `config.maxBodyBytes`.
 */
export const REGISTRATION_LIMITS = {
  /** Members of the metadata object, known or not. */
  members: 100,
  /** `redirect_uris` and `post_logout_redirect_uris`, each. */
  redirectUris: 20,
  /** Characters of any URI. */
  uriLength: 2000,
  /** `grant_types` and `response_types`, each. */
  types: 10,
  /** `contacts`. */
  contacts: 10,
  /** Characters of a name, a contact, a software id or version, an algorithm. */
  textLength: 300,
  /** Language-tagged variants of one human-readable field (`client_name#fr`, ...). */
  languageTags: 20,
  /** Scope tokens in `scope`. */
  scopes: 100,
  /** Keys in `jwks`. */
  jwksKeys: 10,
  /** Bytes of `jwks` serialised. */
  jwksBytes: 16_384,
  /** Characters of a software statement (a JWS). */
  softwareStatementLength: 8192,
} as const;
