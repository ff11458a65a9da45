/** How many unconsumed codes a code store remembers between `findCode` and `redeemCode`. */
export const FOUND_CODES_LIMIT = 1024;

/**
 * The JSON of the unconsumed codes that `findCode` read last, by digest, for the
 * `redeemCode` that follows it in a code exchange (see `redeemCodeScript`): a code's fields
 * never change but its marks, and a code whose `consumed_at` a script finds unset has no
 * `replayed_at` either (both scripts set it only on a consumed code), so the record a script
 * consumes is the one read here, and the script need not send it back. At most `limit`
 * entries (the oldest goes first); an entry is taken out when used.
 */
export interface FoundCodes {
  remember(digest: string, json: string): void;
  /** The JSON remembered for `digest`, removed from the set; `undefined` if none. */
  take(digest: string): string | undefined;
}

export function createFoundCodes(limit: number = FOUND_CODES_LIMIT): FoundCodes {
  const entries = new Map<string, string>();
  return {
    remember(digest, json) {
      entries.delete(digest);
      if (entries.size >= limit) entries.delete(entries.keys().next().value!);
      entries.set(digest, json);
    },
    take(digest) {
      const json = entries.get(digest);
      if (json !== undefined) entries.delete(digest);
      return json;
    },
  };
}
