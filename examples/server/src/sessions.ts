import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@oauthkit/core';

/** A browser session: who is logged in, and the CSRF token its forms must echo. */
export interface Session {
  id: string;
  userId: string | null;
  csrf: string;
  expiresAt: number;
}

const COOKIE = 'oauthkit_example_sid';
const TTL_MS = 60 * 60 * 1000;

/** In-memory sessions behind an HttpOnly, SameSite=Lax cookie. */
export function createSessions() {
  const sessions = new Map<string, Session>();

  function read(cookieHeader: string | undefined | null): Session | null {
    const sid = parseCookies(cookieHeader)[COOKIE];
    const s = sid ? sessions.get(sid) : undefined;
    if (!s) return null;
    if (s.expiresAt < Date.now()) {
      sessions.delete(s.id);
      return null;
    }
    return s;
  }

  return {
    /** The request's session, or a new one (with the Set-Cookie header to send). */
    get(
      cookieHeader: string | undefined | null,
      secure: boolean,
    ): { session: Session; setCookie?: string } {
      const existing = read(cookieHeader);
      if (existing) return { session: existing };
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        userId: null,
        csrf: randomBytes(32).toString('base64url'),
        expiresAt: Date.now() + TTL_MS,
      };
      sessions.set(session.id, session);
      return { session, setCookie: cookie(session.id, secure) };
    },
    peek: read,
    /** Logs a user in: a fresh session id, so a planted cookie is never promoted (fixation). */
    login(old: Session, userId: string, secure: boolean): { session: Session; setCookie: string } {
      sessions.delete(old.id);
      const session: Session = {
        id: randomBytes(32).toString('base64url'),
        userId,
        csrf: randomBytes(32).toString('base64url'),
        expiresAt: Date.now() + TTL_MS,
      };
      sessions.set(session.id, session);
      return { session, setCookie: cookie(session.id, secure) };
    },
    checkCsrf(session: Session, presented: string | undefined): boolean {
      return presented !== undefined && constantTimeEqual(presented, session.csrf);
    },
  };
}

function cookie(id: string, secure: boolean): string {
  return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${TTL_MS / 1000}${secure ? '; Secure' : ''}`;
}

function parseCookies(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export type Sessions = ReturnType<typeof createSessions>;
