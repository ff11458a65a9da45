import type { Client } from '../models/client.js';
import type { ClientMetadata } from '../models/client-metadata.js';
import type { User } from '../models/user.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { TokenRecord } from '../stores/token-store.js';
import type { IssuedToken } from '../tokens/issued-token.js';

/** Events an application can subscribe to (Authlib's signals). */
export interface ServerEvents {
  /** A client authenticated at the token, revocation or introspection endpoint. */
  clientAuthenticated: { client: Client; method: string; request: OAuth2Request };
  /** A token was issued, at the token or the authorization endpoint. */
  tokenIssued: { token: IssuedToken; client: Client; user: User | null; grantType: string };
  /** A token (`record`), or a whole family (`record: null`), was revoked. */
  tokenRevoked: {
    familyId: string;
    record: TokenRecord | null;
    client: Client | null;
    reason: TokenRevocationReason;
  };
  /** A bearer token was accepted by the resource side. */
  tokenAuthenticated: { record: TokenRecord; request: OAuth2Request };
  /**
   * A client was registered (RFC 7591), replaced or deleted (RFC 7592) at the registration
   * endpoint; `metadata` is what was stored (`null` for a deletion).
   */
  clientRegistration: {
    action: 'registered' | 'updated' | 'deleted';
    clientId: string;
    metadata: ClientMetadata | null;
    request: OAuth2Request;
  };
}

/**
 * Why tokens were revoked: a client asked (RFC 7009), a rotated refresh token came back
 * (RFC 9700 4.14.2), or an authorization code was redeemed twice (RFC 6749 4.1.2).
 */
export type TokenRevocationReason = 'revocation_request' | 'refresh_token_reuse' | 'code_replay';

/** A listener of event `K` (see {@link ServerEvents}); what it throws never breaks a request. */
export type ServerEventListener<K extends keyof ServerEvents> = (event: ServerEvents[K]) => void;

/** A minimal typed emitter: a listener that throws is reported and never breaks a request. */
export class ServerEventEmitter {
  readonly #listeners = new Map<keyof ServerEvents, Set<(e: never) => void>>();
  onListenerError: (error: unknown) => void = (error) => {
    console.error('[oauthkit] event listener failed', error);
  };

  on<K extends keyof ServerEvents>(name: K, listener: ServerEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (e: never) => void);
    return () => set.delete(listener as (e: never) => void);
  }

  emit<K extends keyof ServerEvents>(name: K, event: ServerEvents[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as ServerEventListener<K>)(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  has(name: keyof ServerEvents): boolean {
    return (this.#listeners.get(name)?.size ?? 0) > 0;
  }
}
