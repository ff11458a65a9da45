/** Splits a space-separated scope string into its distinct tokens, in order (RFC 6749 3.3). */
export function scopeToList(scope: string | null | undefined): string[] {
  if (!scope) return [];
  // One token is the common case and is called for on every request: no split, no Set.
  if (!scope.includes(' ')) return [scope];
  return [...new Set(scope.split(' ').filter((s) => s !== ''))];
}

/** Joins scope tokens into the wire form. */
export function listToScope(scopes: Iterable<string>): string {
  return [...new Set(scopes)].join(' ');
}

/** Whether every scope token of `requested` is in `granted`. */
export function isScopeSubset(requested: string, granted: string): boolean {
  const have = new Set(scopeToList(granted));
  return scopeToList(requested).every((s) => have.has(s));
}

/** A scope token is 1*( %x21 / %x23-5B / %x5D-7E ) (RFC 6749 3.3). */
export function isValidScope(scope: string): boolean {
  return /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scope);
}
