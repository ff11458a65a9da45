import type { JSONWebKeySet, JWK } from 'jose';
import { DEFAULTS } from '../config/defaults.js';
import { fetchGuardedJson, type ResolveHost } from './fetch-guarded-json.js';
import { JwksFetchError } from './jwks-fetch-error.js';

/** Options of {@link createJwksFetcher}; every limit defaults to `DEFAULTS.jwksUri`. */
export interface JwksFetcherOptions {
  /** Allow loopback, private, link-local and unique-local targets. Default `false`. */
  allowPrivate?: boolean;
  /** Host names that may resolve to private addresses (an internal key server). */
  allowHosts?: string[];
  /** Allow `http:` URIs: for tests against a local server only. Default `false`. */
  allowInsecureForTesting?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  cacheTtlSeconds?: number;
  refreshCooldownSeconds?: number;
  maxCachedUris?: number;
  /** How host names are resolved (tests); default node:dns `lookup`. */
  resolveHost?: ResolveHost;
  /** The clock in milliseconds, for tests; default `Date.now`. */
  now?: () => number;
}

/** Fetches and caches clients' key sets; see {@link createJwksFetcher}. */
export interface JwksFetcher {
  /** The key set at `uri`: from the cache while fresh, else fetched. */
  get(uri: string): Promise<JSONWebKeySet>;
  /**
   * The key set at `uri` fetched again (a `kid` was not found: the client rotated its
   * keys), unless the last fetch was less than `refreshCooldownSeconds` ago: then the
   * cached answer, so unknown `kid`s cannot make the server fetch on every request.
   */
  refresh(uri: string): Promise<JSONWebKeySet>;
}

interface Entry {
  /** The last key set fetched, and when. */
  keys?: JSONWebKeySet;
  keysFetchedAt: number;
  /** The last fetch's failure, if it failed. */
  error?: JwksFetchError;
  /** When the last fetch started, for the cooldown. */
  attemptedAt: number;
  pending?: Promise<JSONWebKeySet>;
}

/**
 * Fetches clients' `jwks_uri` key sets under SECURITY.md rule 38 (https only, public
 * addresses only unless allowed, no redirects, size and time limits) and caches them for
 * `cacheTtlSeconds`. At most one fetch per URI runs at a time, and a failed fetch or an
 * unknown `kid` fetches again only after `refreshCooldownSeconds`; a failed refresh keeps
 * the cached keys while they are fresh, so a request naming an unknown `kid` cannot make a
 * client's working keys disappear. Only asymmetric public keys are kept: `oct` keys and keys
 * with private members are dropped. Config mistakes throw `TypeError`.
 *
 * @example
 * const jwksFetcher = createJwksFetcher({ cacheTtlSeconds: 600 });
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore, jwksFetcher }));
 */
export function createJwksFetcher(options: JwksFetcherOptions = {}): JwksFetcher {
  const d = DEFAULTS.jwksUri;
  const maxBytes = positive('maxBytes', options.maxBytes ?? d.maxBytes);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? d.timeoutMs);
  const ttlMs = positive('cacheTtlSeconds', options.cacheTtlSeconds ?? d.cacheTtlSeconds) * 1000;
  const cooldownMs =
    positive('refreshCooldownSeconds', options.refreshCooldownSeconds ?? d.refreshCooldownSeconds) *
    1000;
  const maxCached = positive('maxCachedUris', options.maxCachedUris ?? d.maxCachedUris);
  const allowHosts = options.allowHosts ?? [];
  if (!Array.isArray(allowHosts) || allowHosts.some((h) => typeof h !== 'string' || h === '')) {
    throw new TypeError('allowHosts must be a list of host names');
  }
  const now = options.now ?? Date.now;
  const guards = {
    allowPrivate: options.allowPrivate === true,
    allowHosts: allowHosts.map((h) => h.toLowerCase()),
    allowInsecureForTesting: options.allowInsecureForTesting === true,
    maxBytes,
    timeoutMs,
    resolveHost: options.resolveHost,
  };
  const cache = new Map<string, Entry>();
  const fresh = (e: Entry | undefined): e is Entry & { keys: JSONWebKeySet } =>
    e?.keys !== undefined && now() - e.keysFetchedAt < ttlMs;
  const coolingDown = (e: Entry | undefined): e is Entry =>
    e !== undefined && !e.pending && now() - e.attemptedAt < cooldownMs;

  function load(uri: string): Promise<JSONWebKeySet> {
    const previous = cache.get(uri);
    if (previous?.pending) return previous.pending;
    const entry: Entry = {
      keys: previous?.keys,
      keysFetchedAt: previous?.keysFetchedAt ?? 0,
      attemptedAt: now(),
    };
    entry.pending = fetchGuardedJson(uri, guards)
      .then(publicKeySet)
      .then(
        (keys) => {
          cache.set(uri, { keys, keysFetchedAt: now(), attemptedAt: entry.attemptedAt });
          return keys;
        },
        (error: unknown) => {
          const e =
            error instanceof JwksFetchError
              ? error
              : new JwksFetchError('network', 'jwks_uri could not be fetched', { cause: error });
          const failed = { ...entry, pending: undefined, error: e };
          cache.set(uri, failed);
          if (fresh(failed)) return failed.keys;
          throw e;
        },
      );
    cache.delete(uri); // re-inserted last: the Map's order is the eviction order
    cache.set(uri, entry);
    while (cache.size > maxCached) cache.delete(cache.keys().next().value!);
    return entry.pending;
  }

  const cached = (e: Entry): Promise<JSONWebKeySet> =>
    fresh(e) ? Promise.resolve(e.keys) : Promise.reject(e.error ?? staleError());

  return {
    get(uri) {
      const entry = cache.get(uri);
      if (fresh(entry)) return Promise.resolve(entry.keys);
      if (coolingDown(entry) && entry.error) return Promise.reject(entry.error);
      return load(uri);
    },
    refresh(uri) {
      const entry = cache.get(uri);
      if (coolingDown(entry)) return cached(entry);
      return load(uri);
    },
  };
}

function staleError(): JwksFetchError {
  return new JwksFetchError('network', 'the cached jwks_uri key set has expired');
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The answer as a key set of asymmetric public keys; anything else is `invalid_jwks`. */
export function publicKeySet(value: unknown): JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) {
    throw new JwksFetchError('invalid_jwks', 'a JWK Set needs a "keys" array (RFC 7517 5)');
  }
  const usable = keys.filter(
    (k): k is JWK =>
      k !== null &&
      typeof k === 'object' &&
      (k.kty === 'RSA' || k.kty === 'EC' || k.kty === 'OKP') &&
      !PRIVATE_MEMBERS.some((m) => m in k),
  );
  return { keys: usable };
}
