import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { checkAddresses, type ResolvedAddress } from './check-addresses.js';
import { JwksFetchError } from './jwks-fetch-error.js';

/** Resolves a host name to every address it has (node:dns `lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The guards of {@link fetchGuardedJson}; every field is filled in by the caller. */
export interface GuardedFetchOptions {
  /** Allow loopback, private, link-local and unique-local targets (never by default). */
  allowPrivate: boolean;
  /** Host names whose addresses may be private (an internal key server); exact match. */
  allowHosts: readonly string[];
  /** Allow `http:` URLs. For tests against a local server only. */
  allowInsecureForTesting: boolean;
  /** The largest answer, in bytes. */
  maxBytes: number;
  /** The whole fetch (DNS, connect, answer), in milliseconds. */
  timeoutMs: number;
  /** How host names are resolved; default node:dns `lookup`. */
  resolveHost?: ResolveHost;
}

const defaultResolve: ResolveHost = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * GETs `uri` and parses its JSON, under SECURITY.md rule 38: `https` only; the host is
 * resolved first and every address it has must be public (unless allowed), and the
 * connection then goes to the address that was checked, so a second DNS answer cannot move
 * it elsewhere (DNS rebinding); redirects are not followed; the answer is cut off past
 * `maxBytes` and the whole fetch past `timeoutMs`. Rejects with {@link JwksFetchError}.
 */
export async function fetchGuardedJson(
  uri: string,
  options: GuardedFetchOptions,
): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch (cause) {
    throw new JwksFetchError('invalid_uri', 'jwks_uri is not a URL', { cause });
  }
  const insecureOk = options.allowInsecureForTesting && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !insecureOk) {
    throw new JwksFetchError('insecure_scheme', 'jwks_uri must be https');
  }
  if (url.username || url.password) {
    throw new JwksFetchError('invalid_uri', 'jwks_uri must not carry credentials');
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const target = await checkedAddress(url, options, controller.signal);
    const body = await get(url, target, options.maxBytes, controller.signal);
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (cause) {
      throw new JwksFetchError('invalid_jwks', 'jwks_uri answered something that is not JSON', {
        cause,
      });
    }
  } catch (e) {
    if (controller.signal.aborted && !(e instanceof JwksFetchError && e.code === 'too_large')) {
      throw new JwksFetchError('timeout', `jwks_uri took longer than ${options.timeoutMs} ms`, {
        cause: e,
      });
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** The one address to connect to, after every address of the host passed the check. */
async function checkedAddress(
  url: URL,
  options: GuardedFetchOptions,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await abortable((options.resolveHost ?? defaultResolve)(host), signal);
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw new JwksFetchError('dns', 'the jwks_uri host did not resolve', { cause });
    }
  }
  return checkAddresses(host, addresses, options);
}

function get(
  url: URL,
  target: ResolvedAddress,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  // The connection goes to the checked address; the URL's host still names the server for
  // TLS (SNI, certificate check) and the Host header.
  const lookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Buffer>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        lookup,
        agent: false,
        signal,
        headers: { accept: 'application/jwk-set+json, application/json' },
      },
      (res) => read(res, maxBytes).then(resolve, reject),
    );
    req.on('error', (cause) =>
      reject(
        cause instanceof JwksFetchError
          ? cause
          : new JwksFetchError('network', 'jwks_uri could not be fetched', { cause }),
      ),
    );
    req.end();
  });
}

function read(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const status = res.statusCode ?? 0;
    const fail = (error: JwksFetchError) => {
      res.destroy();
      reject(error);
    };
    if (status >= 300 && status < 400) {
      return fail(
        new JwksFetchError('redirect', 'jwks_uri redirected; redirects are not followed'),
      );
    }
    if (status !== 200) return fail(new JwksFetchError('status', `jwks_uri answered ${status}`));
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      return fail(new JwksFetchError('too_large', `jwks_uri answer is over ${maxBytes} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        fail(new JwksFetchError('too_large', `jwks_uri answer is over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', (cause) =>
      reject(new JwksFetchError('network', 'jwks_uri answer broke off', { cause })),
    );
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
