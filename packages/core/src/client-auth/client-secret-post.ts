import type { ClientAuthMethod } from './client-auth-method.js';

/** `client_secret_post` (RFC 6749 2.3.1): `client_id` and `client_secret` in the form body. */
export const clientSecretPost: ClientAuthMethod = {
  name: 'client_secret_post',
  detect: (request) => (request.form?.has('client_secret') === true ? 'present' : 'absent'),
  credentials: (request) => ({
    clientId: request.form?.get('client_id') ?? '',
    secret: request.form?.get('client_secret') ?? '',
  }),
  verify: (client, { secret }) => typeof secret === 'string' && client.checkClientSecret(secret),
};
