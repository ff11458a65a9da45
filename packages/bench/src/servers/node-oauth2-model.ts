import {
  CLIENT_ID,
  CLIENT_SECRET,
  newCode,
  REDIRECT_URI,
  SCOPE,
  type SeededCode,
} from '../fixtures.js';

const client = {
  id: CLIENT_ID,
  grants: ['authorization_code', 'client_credentials', 'refresh_token'],
  redirectUris: [REDIRECT_URI],
};
const user = { id: 'user-1' };
const service = { id: 'service' };

interface StoredToken {
  accessToken: string;
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  scope?: string[] | undefined;
  client: typeof client;
  user: object;
}

/**
 * The in-memory model of @node-oauth/oauth2-server as its documentation shows one: `Map`s
 * keyed by the token and code values, the client secret compared as it is. Codes are
 * seeded here as the authorization endpoint would save them (S256 challenge, 5 minutes).
 */
export function createNodeOAuth2Model() {
  const tokens = new Map<string, StoredToken>();
  const codes = new Map<string, object>();
  const model = {
    async getClient(clientId: string, clientSecret: string | null) {
      if (clientId !== CLIENT_ID) return null;
      if (clientSecret !== null && clientSecret !== CLIENT_SECRET) return null;
      return client;
    },
    async saveToken(token: Omit<StoredToken, 'client' | 'user'>, c: typeof client, u: object) {
      const stored = { ...token, client: c, user: u };
      tokens.set(token.accessToken, stored);
      return stored;
    },
    async getAccessToken(accessToken: string) {
      return tokens.get(accessToken) ?? null;
    },
    async verifyScope(token: StoredToken, scope: string[]) {
      return scope.every((s) => token.scope?.includes(s));
    },
    async validateScope(_u: object, _c: object, scope?: string[]) {
      const requested = scope ?? [SCOPE];
      return requested.every((s) => s === SCOPE) ? requested : false;
    },
    async getUserFromClient() {
      return service;
    },
    async getAuthorizationCode(code: string) {
      return codes.get(code) ?? null;
    },
    async revokeAuthorizationCode(code: { authorizationCode: string }) {
      return codes.delete(code.authorizationCode);
    },
  };
  const seedCodes = async (count: number): Promise<SeededCode[]> => {
    const seeded: SeededCode[] = [];
    for (let i = 0; i < count; i++) {
      const { code, verifier, challenge } = newCode();
      codes.set(code, {
        authorizationCode: code,
        expiresAt: new Date(Date.now() + 300_000),
        redirectUri: REDIRECT_URI,
        scope: [SCOPE],
        client,
        user,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      });
      seeded.push({ code, verifier });
    }
    return seeded;
  };
  return { model, seedCodes };
}

/** Access-token lifetime given to the peer: oauthkit's default for these grants (10 days). */
export const ACCESS_TOKEN_LIFETIME = 864_000;
