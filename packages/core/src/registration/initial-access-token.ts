import { digestToken } from '../crypto/digest.js';
import { generateToken } from '../crypto/generate-token.js';

/**
 * An initial access token (RFC 7591 3) as the server keeps it: only the SHA-256 digest of
 * the token (`digestToken`), when it stops working, and whether it registers one client or
 * any number. Keep these records where you keep configuration (a file, a table of your own)
 * and hand them to `registration.initialAccessTokens`; single use is enforced by the
 * registration's `replayStore`, atomically.
 */
export interface InitialAccessToken {
  /** Hex SHA-256 digest of the token (`digestToken(token)`). */
  digest: string;
  /** When it stops being accepted; `null` never (multi-use tokens only). */
  expiresAt: Date | null;
  /** `true`: it registers one client, then never again. */
  singleUse: boolean;
}

/** Options of {@link createInitialAccessToken}. */
export interface CreateInitialAccessTokenOptions {
  /** Seconds until it expires; required for single-use tokens. Omitted: never. */
  expiresIn?: number;
  /** Default `true`. */
  singleUse?: boolean;
  /** Default: now. */
  now?: Date;
}

/**
 * Makes an initial access token: 256 random bits to give the developer once, and the record
 * (its digest) to keep.
 *
 * @example
 * const { token, record } = createInitialAccessToken({ expiresIn: 86400 });
 * await myTable.insert(record); // hand `token` to the developer, keep only `record`
 */
export function createInitialAccessToken(options: CreateInitialAccessTokenOptions = {}): {
  token: string;
  record: InitialAccessToken;
} {
  const singleUse = options.singleUse ?? true;
  const { expiresIn } = options;
  if (expiresIn !== undefined && (!Number.isInteger(expiresIn) || expiresIn <= 0)) {
    throw new TypeError('createInitialAccessToken: expiresIn must be a positive whole number');
  }
  if (singleUse && expiresIn === undefined) {
    throw new TypeError('createInitialAccessToken: a single-use token needs expiresIn');
  }
  const now = options.now ?? new Date();
  const token = generateToken();
  return {
    token,
    record: {
      digest: digestToken(token),
      expiresAt: expiresIn === undefined ? null : new Date(now.getTime() + expiresIn * 1000),
      singleUse,
    },
  };
}
