/**
 * The TTL argument of the scripts: whole milliseconds, `''` for a key that never expires.
 * A lifetime already over still gets 1 ms rather than 0, which Redis refuses.
 */
export function ttlArg(lifetimeMs: number | null): string {
  if (lifetimeMs === null) return '';
  return String(Math.max(1, Math.ceil(lifetimeMs)));
}

export function dateArg(now: Date, name = 'now'): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
  return String(now.getTime());
}
