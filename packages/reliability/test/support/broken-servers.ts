import {
  type AuthorizationCodeStore,
  type AuthorizationServerOptions,
  createAuthorizationCodeGrant,
  createAuthorizationServer,
  createClientCredentialsGrant,
  createRefreshTokenGrant,
  digestToken,
  type TokenGrant,
} from '@oauthkit/core';
import type { RefusalServerFactory } from '../../src/index.js';

// Servers broken on purpose, one rule each: the fuzz run must fail on every one of them.

/** Drops the stored PKCE challenge of public clients' codes: their codes need no verifier. */
export const skipsPkceForPublicClients: RefusalServerFactory = (options) => {
  const codes = options.codes!;
  const clients = options.clients!;
  const strip = async <T extends { clientId: string; codeChallenge: string | null }>(r: T) => {
    const client = await clients.findClient(r.clientId);
    return client?.metadata.tokenEndpointAuthMethod === 'none'
      ? { ...r, codeChallenge: null, codeChallengeMethod: null }
      : r;
  };
  const broken: AuthorizationCodeStore = {
    ...codes,
    saveCode: (r) => codes.saveCode(r),
    deleteExpired: (now) => codes.deleteExpired(now),
    findCode: async (d) => {
      const r = await codes.findCode(d);
      return r && (await strip(r));
    },
    consumeCode: async (d, now) => {
      const result = await codes.consumeCode(d, now);
      return result.status === 'not_found' ? result : { ...result, code: await strip(result.code) };
    },
  };
  return createAuthorizationServer({ ...options, codes: broken });
};

/** Reads every body as a form, whatever its content type. */
export const acceptsAnyContentType: RefusalServerFactory = (options) => {
  const server = createAuthorizationServer(options);
  return {
    createTokenResponse(request) {
      const headers = new Headers(request.headers);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return server.createTokenResponse(new Request(request, { headers }));
    },
  };
};

/** Lets any authenticated client redeem another client's code (as the code's owner). */
export const letsAnotherClientRedeemACode: RefusalServerFactory = (
  options: AuthorizationServerOptions,
) => {
  const inner = createAuthorizationCodeGrant();
  const grant: TokenGrant = {
    ...inner,
    async createTokenResponse(context) {
      const code = context.params.get('code');
      const record = code ? await context.services.codes().findCode(digestToken(code)) : null;
      if (!record) return inner.createTokenResponse(context);
      const target = context.client;
      const client = new Proxy(target, {
        get(t, p) {
          if (p === 'clientId') return record.clientId;
          const value = Reflect.get(t, p, t);
          return typeof value === 'function' ? value.bind(t) : value;
        },
      });
      return inner.createTokenResponse({ ...context, client });
    },
  };
  return createAuthorizationServer({
    ...options,
    grants: [grant, createRefreshTokenGrant(), createClientCredentialsGrant()],
  });
};
