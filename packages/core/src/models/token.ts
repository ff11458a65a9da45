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
  return new RecordToken(record);
}

/**
 * Methods on the prototype rather than nine closures per token: one is made for every
 * request a resource server checks.
 */
class RecordToken implements Token {
  constructor(readonly record: TokenRecord) {}

  checkClient(clientId: string): boolean {
    return this.record.clientId === clientId;
  }

  getScope(): string {
    return this.record.scope;
  }

  getExpiresIn(): number {
    const { accessTokenExpiresAt, issuedAt } = this.record;
    return Math.round((accessTokenExpiresAt.getTime() - issuedAt.getTime()) / 1000);
  }

  isExpired(now: Date = new Date()): boolean {
    return this.record.accessTokenExpiresAt <= now;
  }

  isRevoked(): boolean {
    return this.record.revokedAt !== null;
  }

  getUserId(): string | null {
    return this.record.userId;
  }

  getClientId(): string {
    return this.record.clientId;
  }

  hasScopes(required: readonly string[]): boolean {
    if (required.length === 0) return true;
    // A token holds a few scopes: a scan of the list costs less than building a Set.
    const have = scopeToList(this.record.scope);
    for (const scope of required) if (!have.includes(scope)) return false;
    return true;
  }
}
