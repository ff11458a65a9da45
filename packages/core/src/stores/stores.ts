import type { AuthorizationCodeStore } from './authorization-code-store.js';
import type { ClientStore } from './client-store.js';
import type { DeviceCodeStore } from './device-code-store.js';
import type { PushedRequestStore } from './pushed-request-store.js';
import type { TokenStore } from './token-store.js';

/** Every store the authorization server needs; each integration package returns one. */
export interface Stores {
  clients: ClientStore;
  tokens: TokenStore;
  codes: AuthorizationCodeStore;
  /** Device authorizations (RFC 8628); only the device authorization grant needs it. */
  deviceCodes?: DeviceCodeStore;
  /** Pushed authorization requests (RFC 9126); only the PAR endpoint needs it. */
  pushedRequests?: PushedRequestStore;
}

/** The name of one of the {@link Stores}, for grants and endpoints to say what they need. */
export type StoreName = keyof Stores;
