import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { User } from '@oauthkit/core';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/**
 * A user's OpenID Connect claims (Core 5.1), as the seed gives them: kept for the ID tokens
 * and the UserInfo answer.
 */
// A type, not an interface: it must fit `findClaims`' `Record<string, unknown>`.
export type UserClaims = {
  name?: string;
  email?: string;
  email_verified?: boolean;
};

/** A user of the example: the resource owner who logs in and consents. */
export interface ExampleUser extends User {
  id: string;
  username: string;
  claims: UserClaims;
}

interface StoredUser {
  id: string;
  username: string;
  salt: Buffer;
  hash: Buffer;
  claims: UserClaims;
}

/** The stable id of `username`: the same across restarts, so stored tokens keep their user. */
export function userIdFor(username: string): string {
  return `user_${createHash('sha256').update(username).digest('hex').slice(0, 16)}`;
}

/**
 * The example's user directory: in memory, filled from the seed at every start. Passwords
 * are kept as scrypt hashes. Users are the application's business, not the library's.
 */
export function createUserDirectory() {
  const byName = new Map<string, StoredUser>();
  const byId = new Map<string, StoredUser>();
  const toUser = (u: StoredUser): ExampleUser => ({
    id: u.id,
    username: u.username,
    getUserId: () => u.id,
    getUsername: () => u.username,
    claims: { ...u.claims },
  });
  // A fixed dummy hash so an unknown username costs as much as a wrong password.
  const dummy = { salt: randomBytes(16), hash: randomBytes(32) };

  return {
    async upsert(
      username: string,
      password: string,
      claims: UserClaims = {},
    ): Promise<ExampleUser> {
      const salt = randomBytes(16);
      const hash = await scryptAsync(password, salt, 32);
      const id = userIdFor(username);
      const stored = { id, username, salt, hash, claims: { ...claims } };
      byName.set(username, stored);
      byId.set(id, stored);
      return toUser(stored);
    },
    async authenticate(username: string, password: string): Promise<ExampleUser | null> {
      const stored = byName.get(username);
      const { salt, hash } = stored ?? dummy;
      const candidate = await scryptAsync(password, salt, 32);
      return stored && timingSafeEqual(candidate, hash) ? toUser(stored) : null;
    },
    async findById(id: string): Promise<ExampleUser | null> {
      const stored = byId.get(id);
      return stored ? toUser(stored) : null;
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
