import type { GrantServices, SaveToken } from '../grants/token-grant.js';
import { callStore } from '../stores/call-store.js';
import type { Stores } from '../stores/stores.js';
import { tokenRecordFor } from './token-record-for.js';

/**
 * `GrantServices.redeemCode` for a server's options: only when tokens are saved in the token
 * store (a custom `saveToken` hook must see every token, so it keeps the separate calls) and
 * the code store can consume a code and save the token in one atomic step. A store failure
 * fails closed (503), as for every store call.
 */
export function redeemCodeService(
  options: Partial<Pick<Stores, 'tokens' | 'codes'>> & { saveToken?: SaveToken },
): Pick<GrantServices, 'redeemCode'> {
  const { tokens, codes } = options;
  if (options.saveToken || !tokens || !codes?.redeemCode) return {};
  return {
    redeemCode: (token, request, codeDigest) =>
      callStore(() =>
        codes.redeemCode!(codeDigest, request.issuedAt, tokenRecordFor(token, request), tokens),
      ),
  };
}
