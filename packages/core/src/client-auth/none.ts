import type { ClientAuthMethod } from './client-auth-method.js';

/** `none` (RFC 7591 2): a public client identifies itself with `client_id` alone. */
export const noneAuth: ClientAuthMethod = {
  name: 'none',
  detect: (request) =>
    request.form?.has('client_id') === true &&
    !request.form.has('client_secret') &&
    !/^basic(\s|$)/i.test(request.headers.get('authorization') ?? ''),
  credentials: (request) => ({ clientId: request.form?.get('client_id') ?? '' }),
  verify: (client) => client.isPublic,
};
