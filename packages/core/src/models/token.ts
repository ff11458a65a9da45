import type { TokenRecord } from '../stores/token-store.js';
import { scopeToList } from './scope.js';

/** An issued token as the server sees it (Authlib's `TokenMixin`). */
export interface Token {
  readonly record: TokenRecord;
  checkClient(clientId: string): boolean;
  getScope(): string;
  /** Seconds the access token lived for when issued. */
  getExpiresIn(): number;
  isExpired(now?: Date): boolean;
  isRevoked(): boolean;
  getUserId(): string | null;
  getClientId(): string;
  hasScopes(required: readonly string[]): boolean;
}

/** The default {@link Token} over a stored {@link TokenRecord}. */
export function createToken(record: TokenRecord): Token {
  return {
    record,
    checkClient: (clientId) => record.clientId === clientId,
    getScope: () => record.scope,
    getExpiresIn: () =>
      Math.round((record.accessTokenExpiresAt.getTime() - record.issuedAt.getTime()) / 1000),
    isExpired: (now = new Date()) => record.accessTokenExpiresAt <= now,
    isRevoked: () => record.revokedAt !== null,
    getUserId: () => record.userId,
    getClientId: () => record.clientId,
    hasScopes(required) {
      if (required.length === 0) return true;
      // A token holds a few scopes: a scan of the list costs less than building a Set.
      const have = scopeToList(record.scope);
      return required.every((s) => have.includes(s));
    },
  };
}
