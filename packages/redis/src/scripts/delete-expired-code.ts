import { deleteExpiredHashScript } from './delete-expired-hash.js';

/**
 * Deletes one code if its `expires_at` is at or before `now`, consumed or not, checking and
 * deleting in one step. Returns 1 when it deleted the code, 0 otherwise.
 *
 * KEYS: code. ARGV: code digest, now ms.
 */
export const deleteExpiredCodeScript = deleteExpiredHashScript(
  'oauthkitDeleteExpiredCode',
  'code_digest',
);
