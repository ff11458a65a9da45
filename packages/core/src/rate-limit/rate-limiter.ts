/** What a failed attempt is counted against (SECURITY.md rule 31). */
export type RateLimitKind = 'clientId' | 'username' | 'address' | 'userCode';

/** The keys of one attempt; a kind left out is not counted or checked. */
export type RateLimitKeys = Partial<Record<RateLimitKind, string>>;

/** How many failures a key may have within a window before it is limited. */
export interface RateLimitRule {
  /** Failures allowed per window; the next attempt is refused until the window ends. */
  maxFailures: number;
  /** The window in milliseconds, started by the first failure of a key. */
  windowMs: number;
}

/** One rule per kind. */
export type RateLimitRules = Record<RateLimitKind, RateLimitRule>;

/**
 * The default rules, per key: 20 failed client authentications per client id, 10 failed
 * password attempts per username, 50 failures per client address (or, for user codes, per
 * caller key), 5 failed verifications per user code (RFC 8628 5.1; its window is the address
 * rule's unless configured), each in 15 minutes
 * (RFC 9700 4.15 and OWASP's authentication guidance leave the figures to the deployment).
 */
export const RATE_LIMIT_DEFAULTS: Readonly<RateLimitRules> = Object.freeze({
  clientId: Object.freeze({ maxFailures: 20, windowMs: 15 * 60_000 }),
  username: Object.freeze({ maxFailures: 10, windowMs: 15 * 60_000 }),
  address: Object.freeze({ maxFailures: 50, windowMs: 15 * 60_000 }),
  userCode: Object.freeze({ maxFailures: 5, windowMs: 15 * 60_000 }),
});

/**
 * Counts failed attempts per key and says when a key has had too many. Implementations:
 * `createMemoryRateLimiter` (one process) and `createRedisRateLimiter` from `@oauthkit/redis`
 * (shared by every instance). A rejected promise is a store failure: callers fail closed.
 *
 * @example
 * if (await limiter.isLimited({ username, address })) return tooManyAttempts();
 * if (!ok) await limiter.recordFailure({ username, address });
 */
export interface RateLimiter {
  /** Whether any of `keys` has reached its limit. Counts nothing. */
  isLimited(keys: RateLimitKeys): Promise<boolean>;
  /** Counts one failure against each of `keys`, atomically per key. */
  recordFailure(keys: RateLimitKeys): Promise<void>;
  /** Forgets the failures of `keys` (after a success, e.g. the username of a good login). */
  reset(keys: RateLimitKeys): Promise<void>;
  /** The longest window: what `Retry-After` says, whichever key was limited. */
  readonly retryAfterSeconds: number;
}

/** The rules with defaults filled in; `TypeError` for a rule that is not two positive integers. */
export function resolveRateLimitRules(rules: Partial<RateLimitRules> = {}): RateLimitRules {
  // A user-code rule left out keeps the address rule's window, so configuring the three
  // original kinds alone leaves `Retry-After` (the longest window) as it was.
  const userCode = {
    maxFailures: RATE_LIMIT_DEFAULTS.userCode.maxFailures,
    windowMs: rules.address?.windowMs ?? RATE_LIMIT_DEFAULTS.userCode.windowMs,
  };
  const resolved = { ...RATE_LIMIT_DEFAULTS, userCode, ...rules };
  for (const [kind, rule] of Object.entries(resolved)) {
    if (!(kind in RATE_LIMIT_DEFAULTS)) throw new TypeError(`rate limit: unknown kind "${kind}"`);
    for (const field of ['maxFailures', 'windowMs'] as const) {
      const value = rule?.[field];
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new TypeError(`rate limit: ${kind}.${field} must be a positive integer`);
      }
    }
  }
  return resolved;
}

/** The longest window of `rules`, in whole seconds. */
export function longestWindowSeconds(rules: RateLimitRules): number {
  return Math.ceil(Math.max(...Object.values(rules).map((r) => r.windowMs)) / 1000);
}

/** The present keys of an attempt, as `[kind, value]` pairs. */
export function presentKeys(keys: RateLimitKeys): [RateLimitKind, string][] {
  return (Object.entries(keys) as [RateLimitKind, string | undefined][]).filter(
    (entry): entry is [RateLimitKind, string] =>
      entry[0] in RATE_LIMIT_DEFAULTS && typeof entry[1] === 'string' && entry[1] !== '',
  );
}
