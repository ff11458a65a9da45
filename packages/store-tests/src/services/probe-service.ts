import { connect } from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ServiceKind } from './service-kinds.js';

/** How long a probe may take: a local service answers in milliseconds. */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether a server at `url` accepts this URL's credentials and answers a trivial command.
 * Never rejects: any failure (refused, timeout, authentication) means `false`.
 */
export async function probeService(
  kind: Exclude<ServiceKind, 'mongodb'>,
  url: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<boolean> {
  try {
    if (kind === 'postgres') return await probePostgres(url, timeoutMs);
    if (kind === 'mysql') return await probeMysql(url, timeoutMs);
    return await probeRedis(url, timeoutMs);
  } catch {
    return false;
  }
}

async function probePostgres(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A failed connect still emits 'error' later on some paths; keep it from crashing the run.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}

async function probeMysql(url: string, timeoutMs: number): Promise<boolean> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: timeoutMs });
  try {
    await connection.query('SELECT 1');
    return true;
  } finally {
    await connection.end().catch(() => {});
  }
}

/** A bare RESP `PING`: no client library needed, and `-NOAUTH` counts as unusable. */
function probeRedis(url: string, timeoutMs: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
