import type { SaveToken } from '../grants/token-grant.js';
import type { TokenStore } from '../stores/token-store.js';
import { tokenRecordFor } from './token-record-for.js';

/**
 * A `saveToken` that writes to a {@link TokenStore}, keeping only digests (Authlib's
 * `create_save_token_func`). Store packages export it bound to their store as
 * `createSaveToken(db)`.
 */
export function saveTokenFromStore(tokens: TokenStore): SaveToken {
  return (token, request) => tokens.saveToken(tokenRecordFor(token, request));
}
