import { digestToken } from '../crypto/digest.js';
import type { TokenRecord, TokenStore } from '../stores/token-store.js';

/** A stored token found from a presented value, and which of its two values it was. */
export interface FoundToken {
  record: TokenRecord;
  kind: 'access_token' | 'refresh_token';
}

/**
 * Looks a presented token up as an access token and as a refresh token, the hinted kind
 * first (RFC 7009 2.1: the hint speeds the search, it never limits it).
 */
export async function findToken(
  tokens: TokenStore,
  value: string,
  hint: string | undefined,
): Promise<FoundToken | null> {
  const digest = digestToken(value);
  const order: FoundToken['kind'][] =
    hint === 'refresh_token'
      ? ['refresh_token', 'access_token']
      : ['access_token', 'refresh_token'];
  for (const kind of order) {
    const record =
      kind === 'access_token'
        ? await tokens.findByAccessToken(digest)
        : await tokens.findByRefreshToken(digest);
    if (record) return { record, kind };
  }
  return null;
}

/** Whether the found value is still usable at `now`. */
export function isActive(found: FoundToken, now: Date): boolean {
  const { record, kind } = found;
  if (record.revokedAt !== null) return false;
  if (kind === 'access_token') return record.accessTokenExpiresAt > now;
  return (
    record.rotatedAt === null &&
    (record.refreshTokenExpiresAt === null || record.refreshTokenExpiresAt > now)
  );
}
