/**
 * What a store's driver sent to its database (or Redis), as the driver hook saw it: one entry
 * per statement or command, in order.
 */
export interface StatementLog {
  /** Every statement (SQL text, or a Redis command and its first key) sent since the last `take`. */
  take(): string[];
  /** How many statements were sent since the last `take`. */
  size(): number;
  /** The statements sent since `size()` returned `mark`, left in the log. */
  since(mark: number): string[];
}

/** A log that hooks fill in with `push`. */
export function createStatementLog(): StatementLog & { push(statement: string): void } {
  let entries: string[] = [];
  return {
    push(statement) {
      entries.push(statement);
    },
    size: () => entries.length,
    since: (mark) => entries.slice(mark),
    take() {
      const taken = entries;
      entries = [];
      return taken;
    },
  };
}
