import { createAuthorizationServer, digestSecret, type ReplayStore } from '@oauthkit/core';
import { createDpopProofSigner, createMemoryStores } from '@oauthkit/core/testing';

const ISSUER = 'https://as.example';

/**
 * RFC 9449 11.1 and SECURITY.md rule 36 end to end: `replayStores.length` authorization
 * servers (one per store instance, as separate processes would be) share clients and tokens;
 * 50 concurrent token requests spread over them carry one DPoP proof. Resolves how many got
 * a token: exactly 1 over a sound {@link ReplayStore}.
 *
 * @example
 * expect(await raceDpopProof([await create(), await create()])).toBe(1);
 */
export async function raceDpopProof(replayStores: readonly ReplayStore[]): Promise<number> {
  const stores = createMemoryStores();
  const servers = replayStores.map((replayStore) =>
    createAuthorizationServer({ ...stores, config: { issuer: ISSUER }, dpop: { replayStore } }),
  );
  const secret = 'race-secret-with-at-least-32-characters';
  await stores.clients.saveClient({
    clientId: 'race-client',
    clientSecretDigest: digestSecret(secret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: [],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      scope: '',
      tokenEndpointAuthMethod: 'client_secret_basic',
      dpopBoundAccessTokens: true,
    },
  });
  const signer = await createDpopProofSigner();
  const proof = await signer.proof('POST', `${ISSUER}/token`);
  const authorization = `Basic ${Buffer.from(`race-client:${secret}`).toString('base64')}`;
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      servers[i % servers.length]!.createTokenResponse(
        new Request(`${ISSUER}/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization,
            dpop: proof,
          },
          body: 'grant_type=client_credentials',
        }),
      ),
    ),
  );
  const refused = responses.filter((r) => r.status === 400).length;
  const accepted = responses.filter((r) => r.status === 200).length;
  if (accepted + refused !== responses.length) {
    throw new Error(`unexpected statuses: ${responses.map((r) => r.status).join(',')}`);
  }
  return accepted;
}
