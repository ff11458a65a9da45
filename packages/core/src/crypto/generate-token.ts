import { randomFillSync } from 'node:crypto';

/** Bytes of CSPRNG output behind every token and code (SECURITY.md 25: at least 32). */
export const TOKEN_BYTES = 32;

// One CSPRNG call per 4 KiB instead of one per token: each call into the OS generator costs
// more than the bytes themselves (the same batching as node's randomUUID). Every byte is
// handed out once, encoded at once, and overwritten by the next refill.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

function randomString(bytes: number, encoding: 'base64url' | 'hex'): string {
  if (bytes > POOL_BYTES) return randomFillSync(Buffer.alloc(bytes)).toString(encoding);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return pool.toString(encoding, start, offset);
}

/** A new opaque token: 32 random bytes from the CSPRNG, base64url (43 characters). */
export function generateToken(bytes: number = TOKEN_BYTES): string {
  if (bytes < TOKEN_BYTES) throw new TypeError(`tokens need at least ${TOKEN_BYTES} random bytes`);
  return randomString(bytes, 'base64url');
}

/** A new identifier for a token family or record (16 random bytes, hex). */
export function generateId(): string {
  return randomString(16, 'hex');
}
