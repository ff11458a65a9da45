import type { ResolvedConfig } from '../config/server-config.js';
import { generateToken } from '../crypto/generate-token.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { IssuedToken } from './issued-token.js';
import type { TokenValueGenerator } from './token-generator-option.js';

/** What a token generator is told about the token to make. */
export interface TokenGeneratorInput {
  client: Client;
  grantType: string;
  user: User | null;
  scope: string;
  includeRefreshToken: boolean;
  /**
   * The resources (RFC 8707) the access token is for, already checked: they set its
   * audience, and may set its lifetime and format. Absent or `[]`: none.
   */
  resource?: readonly string[];
  /** What the token's record will carry (`auth_time` and `acr` of a JWT access token). */
  extensions?: RecordExtensions;
}

/** Makes a whole token response (Authlib's `BearerTokenGenerator`); may be async. */
export type TokenGenerator = (input: TokenGeneratorInput) => IssuedToken | Promise<IssuedToken>;

const defaultValue: TokenValueGenerator = () => generateToken();

/**
 * The default {@link TokenGenerator}: opaque random tokens, lifetimes from the config.
 * `accessValue` and `refreshValue` are the resolved `accessTokenGenerator` /
 * `refreshTokenGenerator` functions (`null` issues no refresh token).
 */
export function createBearerTokenGenerator(
  config: ResolvedConfig,
  accessValue: TokenValueGenerator = defaultValue,
  refreshValue: TokenValueGenerator | null = null,
): TokenGenerator {
  return ({ client, grantType, user, scope, includeRefreshToken }) => {
    const token: IssuedToken = {
      accessToken: checked(accessValue(client, grantType, user, scope), 'access'),
      tokenType: 'Bearer',
      expiresIn: config.tokenExpiresIn[grantType] ?? config.defaultTokenExpiresIn,
      scope,
    };
    if (includeRefreshToken && refreshValue) {
      token.refreshToken = checked(refreshValue(client, grantType, user, scope), 'refresh');
      token.refreshTokenExpiresIn = config.refreshTokenExpiresIn;
    }
    return token;
  };
}

export { defaultValue as defaultTokenValueGenerator };

// A custom generator that returns short or non-string values would make guessable tokens.
function checked(value: unknown, kind: string): string {
  if (typeof value !== 'string' || value.length < 32 || !/^[\x20-\x7e]+$/.test(value)) {
    throw new TypeError(`the ${kind} token generator must return a printable string of 32+ chars`);
  }
  return value;
}
