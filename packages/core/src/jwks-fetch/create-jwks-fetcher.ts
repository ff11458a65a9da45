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
  fetchedAt: number;
  keys?: JSONWebKeySet;
  error?: JwksFetchError;
  pending?: Promise<JSONWebKeySet>;
}

/**
 * Fetches clients' `jwks_uri` key sets under SECURITY.md rule 38 (https only, public
 * addresses only unless allowed, no redirects, size and time limits) and caches them for
 * `cacheTtlSeconds`; a failed fetch is remembered for `refreshCooldownSeconds`. Only
 * asymmetric public keys are kept: `oct` keys and keys with private members are dropped.
 * Config mistakes throw `TypeError`.
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

  function load(uri: string, entry: Entry | undefined): Promise<JSONWebKeySet> {
    if (entry?.pending) return entry.pending;
    const next: Entry = { fetchedAt: now(), keys: entry?.keys };
    next.pending = fetchGuardedJson(uri, guards)
      .then(publicKeySet)
      .then(
        (keys) => {
          cache.set(uri, { fetchedAt: now(), keys });
          return keys;
        },
        (error: unknown) => {
          const e =
            error instanceof JwksFetchError
              ? error
              : new JwksFetchError('network', 'jwks_uri could not be fetched', { cause: error });
          cache.set(uri, { fetchedAt: now(), error: e });
          throw e;
        },
      );
    cache.delete(uri); // re-inserted last: the Map's order is the eviction order
    cache.set(uri, next);
    while (cache.size > maxCached) cache.delete(cache.keys().next().value!);
    return next.pending;
  }

  function cached(entry: Entry): Promise<JSONWebKeySet> {
    return entry.keys ? Promise.resolve(entry.keys) : Promise.reject(entry.error);
  }

  return {
    get(uri) {
      const entry = cache.get(uri);
      if (entry && !entry.pending) {
        const age = now() - entry.fetchedAt;
        if (entry.keys ? age < ttlMs : age < cooldownMs) return cached(entry);
      }
      return load(uri, entry);
    },
    refresh(uri) {
      const entry = cache.get(uri);
      if (entry && !entry.pending && now() - entry.fetchedAt < cooldownMs) return cached(entry);
      return load(uri, entry);
    },
  };
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
