import type { Stores } from '@oauthkit/core';

/**
 * What a store package hands to {@link runStoreConformanceSuite}: how to build the stores
 * under test against a real database, how to empty that database, and how to read it
 * directly — never through the stores under test — so every write is checked at the source.
 */
export interface StoreSuiteOptions {
  /** Shown in the test names, e.g. `prisma/postgresql`. */
  name: string;
  /**
   * When set, the whole suite is skipped and this reason is printed in the test output
   * (for example: "no MongoDB: set MONGODB_URL or start Docker").
   */
  skip?: string | undefined;
  /**
   * How finely the store keeps dates. Default `'millisecond'`: every date must read back to
   * the exact millisecond (PostgreSQL `timestamptz`, MySQL `DATETIME(3)`, MongoDB `Date`, an
   * epoch-milliseconds string in Redis all do). A store on a column type that truncates to
   * whole seconds declares `'second'`; the suite then only writes whole-second dates.
   */
  datePrecision?: 'millisecond' | 'second' | undefined;
  /** Connects, creates this file's own database/schema/key prefix and applies migrations. */
  setup(): Promise<StoreSuiteContext>;
  /** Drops what `setup` created and closes connections. */
  teardown(): Promise<void>;
}

export interface StoreSuiteContext {
  stores: Stores;
  raw: RawReader;
  /** Deletes every client, token and code (run before each test). */
  reset(): Promise<void>;
  /**
   * Stores over a second connection to the same database, with failures injected into that
   * connection: its first `okCalls` round trips (statements, commands) answer, every later
   * one fails the way a dropped connection does. The store-failure group runs only when a
   * context provides it, and says so in its output when it is skipped.
   */
  faulty?(okCalls: number): Promise<FaultyStores>;
}

/** What {@link StoreSuiteContext.faulty} returns. */
export interface FaultyStores {
  stores: Stores;
  /** Closes the faulty connection. */
  close(): Promise<void>;
}

/** Direct reads of the database behind the stores, bypassing the store code. */
export interface RawReader {
  /**
   * Everything the store holds (every row of every table, every document, every key and
   * value), serialised as text: used to prove no issued secret is kept in clear.
   */
  dump(): Promise<string>;
  /** The stored token row for this access-token digest, mapped to common names. */
  token(accessTokenDigest: string): Promise<RawToken | null>;
  /** The stored code row for this digest. */
  code(codeDigest: string): Promise<RawCode | null>;
  /** The stored client row. */
  client(clientId: string): Promise<RawClient | null>;
  /**
   * The stored device authorization for this device code digest (RFC 8628), for stores with
   * a `deviceCodes` store; the device code group reads through it when it is given.
   */
  deviceCode?(deviceCodeDigest: string): Promise<RawDeviceCode | null>;
}

/** A stored device authorization, read directly. */
export interface RawDeviceCode {
  status: string;
  interval: number;
  polled: boolean;
  redeemed: boolean;
  userId: string | null;
}

export interface RawToken {
  familyId: string;
  refreshTokenDigest: string | null;
  revoked: boolean;
  rotated: boolean;
  scope: string;
}

export interface RawCode {
  consumed: boolean;
  replayed: boolean;
}

export interface RawClient {
  clientSecretDigest: string | null;
  /** The stored metadata document, parsed. */
  metadata: unknown;
  /**
   * The stored registration access token digest (RFC 7592), `null` when none; readers that
   * return it have it checked by the client registration group.
   */
  registrationAccessTokenDigest?: string | null;
}
