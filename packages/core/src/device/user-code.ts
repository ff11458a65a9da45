import { randomInt } from 'node:crypto';
import { digestToken } from '../crypto/digest.js';

/**
 * RFC 8628 6.1: base-20 consonants, no vowels (no words are spelled by accident) and no
 * letters easily confused with digits; 8 characters give 20^8 ~ 2^34.6 codes.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** Characters of a user code, without the dash. */
export const USER_CODE_LENGTH = 8;

/** A new user code, as shown to the user: `WDJB-MJHT` (CSPRNG, one `randomInt` per character). */
export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) {
    code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    if (i === USER_CODE_LENGTH / 2 - 1) code += '-';
  }
  return code;
}

/**
 * The user code as typed, normalised (RFC 8628 6.1: case, spaces and dashes do not count):
 * `wdjb mjht` and `WDJB-MJHT` are the same code. `null` for anything that cannot be a user
 * code (wrong length, a character outside the alphabet, too long to bother with).
 *
 * @example
 * normalizeUserCode(' wdjb-mjht ') // 'WDJBMJHT'
 */
export function normalizeUserCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** The digest a store keeps of a user code: of its normalised form. */
export function digestUserCode(normalized: string): string {
  return digestToken(`user_code:${normalized}`);
}
