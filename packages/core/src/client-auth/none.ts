import type { ClientAuthMethod } from './client-auth-method.js';

/**
 * `none` (RFC 7591 2): a public client identifies itself with `client_id` alone. A fallback:
 * it applies only when no credential-bearing method found its credentials.
 */
export const noneAuth: ClientAuthMethod = {
  name: 'none',
  fallback: true,
  detect: (request) => (request.form?.has('client_id') === true ? 'present' : 'absent'),
  credentials: (request) => ({ clientId: request.form?.get('client_id') ?? '' }),
  verify: (client) => client.isPublic,
};
