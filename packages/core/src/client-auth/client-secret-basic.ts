import { InvalidClientError } from '../errors/errors.js';
import type { ClientAuthMethod } from './client-auth-method.js';

const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/**
 * `client_secret_basic` (RFC 6749 2.3.1): HTTP Basic, where the id and the secret are each
 * form-urlencoded before base64 — so they are form-urldecoded after it (`+` is a space).
 */
export const clientSecretBasic: ClientAuthMethod = {
  name: 'client_secret_basic',
  detect: (request) =>
    /^basic(\s|$)/i.test(request.headers.get('authorization') ?? '') ? 'present' : 'absent',
  credentials(request) {
    const m = BASIC.exec(request.headers.get('authorization') ?? '');
    const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : null;
    const secret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : null;
    if (!clientId || secret === null) {
      throw new InvalidClientError({ headers: { 'WWW-Authenticate': 'Basic' } });
    }
    return { clientId, secret };
  },
  verify: (client, { secret }) => typeof secret === 'string' && client.checkClientSecret(secret),
  challenge: (realm) => ({ 'WWW-Authenticate': `Basic realm="${realm}"` }),
};

function formDecode(s: string): string | null {
  // Most ids and secrets have nothing encoded in them.
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
