import { randomBytes } from 'node:crypto';

/** Bytes of CSPRNG output behind every token and code (SECURITY.md 25: at least 32). */
export const TOKEN_BYTES = 32;

/** A new opaque token: 32 random bytes from the CSPRNG, base64url (43 characters). */
export function generateToken(bytes: number = TOKEN_BYTES): string {
  if (bytes < TOKEN_BYTES) throw new TypeError(`tokens need at least ${TOKEN_BYTES} random bytes`);
  return randomBytes(bytes).toString('base64url');
}

/** A new identifier for a token family or record (16 random bytes, hex). */
export function generateId(): string {
  return randomBytes(16).toString('hex');
}
