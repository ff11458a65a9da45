import { randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@oauthkit/core';

/** A browser session: who is logged in, and the CSRF token its forms must echo. */
export interface Session {
  id: string;
  userId: string | null;
  csrf: string;
  expiresAt: number;
  /** When the user signed in, in seconds since the epoch (OpenID Connect's `auth_time`). */
  authTime: number | null;
  /**
   * The authorization request (path and query) this sign-in was made for: that request's
   * `prompt=login` / `max_age=0` is satisfied by it, no other. Cleared once it is answered.
   */
  loginFor: string | null;
}

/** Limits of the session store; the defaults are declared here once. */
export interface SessionOptions {
  /** Lifetime of a logged-in session. Default one hour. */
  ttlMs?: number;
  /** Lifetime of an anonymous one (a login form's CSRF token). Default ten minutes. */
  anonymousTtlMs?: number;
  /** Most sessions kept; beyond it the oldest are evicted first. Default 10,000. */
  maxSessions?: number;
  /** Whether cookies get `Secure` and the `__Host-` prefix (the issuer is https). */
  secure: boolean;
  now?: () => number;
}

/**
 * In-memory sessions behind an HttpOnly, SameSite=Lax cookie (`__Host-` prefixed over https,
 * so no subdomain can set or shadow it). Bounded: anonymous visits (every `GET /login` makes
 * one) expire after ten minutes and the store never holds more than `maxSessions`, oldest
 * evicted first, so a flood of requests cannot grow the process.
 */
export function createSessions(options: SessionOptions) {
  const { secure, now = Date.now } = options;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const anonymousTtlMs = options.anonymousTtlMs ?? 10 * 60 * 1000;
  const maxSessions = options.maxSessions ?? 10_000;
  const name = secure ? '__Host-oauthkit_example_sid' : 'oauthkit_example_sid';
  // Insertion order is creation order: the first entries are the oldest.
  const sessions = new Map<string, Session>();

  function read(cookieHeader: string | undefined | null): Session | null {
    const sid = parseCookies(cookieHeader)[name];
    const s = sid ? sessions.get(sid) : undefined;
    if (!s) return null;
    if (s.expiresAt <= now()) {
      sessions.delete(s.id);
      return null;
    }
    return s;
  }

  function create(
    userId: string | null,
    loginFor: string | null = null,
  ): { session: Session; setCookie: string } {
    const ttl = userId === null ? anonymousTtlMs : ttlMs;
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      userId,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: now() + ttl,
      authTime: userId === null ? null : Math.floor(now() / 1000),
      loginFor,
    };
    sessions.set(session.id, session);
    while (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value!);
    const flags = `Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(ttl / 1000)}`;
    return { session, setCookie: `${name}=${session.id}; ${flags}${secure ? '; Secure' : ''}` };
  }

  return {
    /** The request's session, or a new anonymous one (with the Set-Cookie header to send). */
    get(cookieHeader: string | undefined | null): { session: Session; setCookie?: string } {
      const existing = read(cookieHeader);
      return existing ? { session: existing } : create(null);
    },
    peek: read,
    /**
     * Logs a user in: a fresh session id, so a planted cookie is never promoted (fixation),
     * stamped with the sign-in time and the request (`next`) the sign-in was made for.
     */
    login(
      old: Session,
      userId: string,
      loginFor: string | null = null,
    ): { session: Session; setCookie: string } {
      sessions.delete(old.id);
      return create(userId, loginFor);
    },
    /**
     * Logs out: forgets the request's session, if any, and gives the `Set-Cookie` header that
     * makes the browser drop its cookie too.
     */
    end(cookieHeader: string | undefined | null): { ended: Session | null; setCookie: string } {
      const session = read(cookieHeader);
      if (session) sessions.delete(session.id);
      const flags = `Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
      return { ended: session, setCookie: `${name}=; ${flags}` };
    },
    checkCsrf(session: Session, presented: string | undefined | null): boolean {
      return typeof presented === 'string' && constantTimeEqual(presented, session.csrf);
    },
    /** Drops every expired session; the app calls it on a timer. Resolves how many. */
    sweep(): number {
      let dropped = 0;
      const t = now();
      for (const [id, s] of sessions) {
        if (s.expiresAt <= t) {
          sessions.delete(id);
          dropped++;
        }
      }
      return dropped;
    },
    get size() {
      return sessions.size;
    },
  };
}

function parseCookies(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] ??= part.slice(eq + 1).trim();
  }
  return out;
}

export type Sessions = ReturnType<typeof createSessions>;
