import { InvalidGrantError } from '../errors/errors.js';
import type { GrantExtension } from '../grants/token-grant.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { InvalidDpopProofError } from './dpop-errors.js';
import type { DpopProofChecker } from './dpop-proof-checker.js';
import type { VerifiedDpopProof } from './verify-dpop-proof.js';

/**
 * DPoP at the token endpoint (RFC 9449 5), added to every grant: the proof is checked and its
 * `jti` spent after client authentication, before the grant runs; a client registered with
 * `dpopBoundAccessTokens` (or every client, with `required`) must send one. Each token the
 * grant issues is bound to the proof's key (`extensions.dpopJkt`, `token_type` `DPoP`), or
 * left unbound without a proof. A code issued for a `dpop_jkt`, and a public client's bound
 * refresh token, need a proof with that very key (`invalid_grant` otherwise); a confidential
 * client's refresh token is not bound, its new access token follows the refresh request's
 * proof.
 */
export function createDpopGrantExtension(
  checker: DpopProofChecker,
  required: boolean,
): GrantExtension {
  const proofs = new WeakMap<OAuth2Request, VerifiedDpopProof>();
  return {
    async validateTokenRequest({ request, client, services }) {
      const tokenUrl = services.endpointUrl?.('token') ?? null;
      const proof = await checker.verify(request, {
        htu: tokenUrl === null ? [request.url.href] : [tokenUrl],
        status: 400,
      });
      if (proof === null) {
        if (required || client.metadata.dpopBoundAccessTokens === true) {
          throw new InvalidDpopProofError({ description: 'dpop_proof_required' });
        }
        return;
      }
      await checker.useOnce(proof, 400);
      proofs.set(request, proof);
    },
    bindToken({ request, client }, input) {
      const jkt = proofs.get(request)?.jkt;
      const { dpopJkt: held, ...extensions } = input.extensions ?? {};
      const keyBound =
        input.grantType === 'authorization_code' ||
        (input.grantType === 'refresh_token' && client.isPublic);
      if (keyBound && held !== undefined && held !== jkt) {
        throw new InvalidGrantError({ description: 'dpop_key_mismatch' });
      }
      if (jkt === undefined) return { extensions };
      return { extensions: { ...extensions, dpopJkt: jkt }, tokenType: 'DPoP' };
    },
    tokenResponseHeaders() {
      const nonce = checker.currentNonce();
      return nonce === null ? undefined : { 'DPoP-Nonce': nonce };
    },
  };
}
