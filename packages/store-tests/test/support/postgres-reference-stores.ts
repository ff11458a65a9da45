import type { AuthorizationCodeRecord, ClientRecord, Stores, TokenRecord } from '@oauthkit/core';
import { checkedStores, parseRecordExtensions } from '@oauthkit/core/stores';
import type pg from 'pg';
import type { StoreSuiteContext } from '../../src/suite-options.js';

/**
 * A small PostgreSQL store, written only to test the suite itself on a real database: that
 * a correct SQL store passes it, within its time budget, and that the classic READ COMMITTED
 * mistakes fail it. It is not a product; the store packages are.
 */
export const SCHEMA = `
CREATE TABLE clients (
  client_id text PRIMARY KEY, client_secret_digest text, client_id_issued_at timestamptz NOT NULL,
  client_secret_expires_at timestamptz, metadata jsonb NOT NULL,
  registration_access_token_digest text);
CREATE TABLE tokens (
  access_token_digest text PRIMARY KEY, refresh_token_digest text UNIQUE, family_id text NOT NULL,
  client_id text NOT NULL REFERENCES clients ON DELETE CASCADE, user_id text, scope text NOT NULL,
  token_type text NOT NULL, grant_type text NOT NULL, issued_at timestamptz NOT NULL,
  access_token_expires_at timestamptz NOT NULL, refresh_token_expires_at timestamptz,
  revoked_at timestamptz, rotated_at timestamptz, extensions text);
CREATE INDEX tokens_family ON tokens (family_id);
CREATE INDEX tokens_client ON tokens (client_id);
CREATE TABLE codes (
  code_digest text PRIMARY KEY, client_id text NOT NULL REFERENCES clients ON DELETE CASCADE,
  user_id text NOT NULL, redirect_uri text, scope text NOT NULL, code_challenge text,
  code_challenge_method text, nonce text, family_id text NOT NULL, issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL, consumed_at timestamptz, replayed_at timestamptz,
  extensions text);
`;

const TOKEN_COLUMNS = [
  'access_token_digest',
  'refresh_token_digest',
  'family_id',
  'client_id',
  'user_id',
  'scope',
  'token_type',
  'grant_type',
  'issued_at',
  'access_token_expires_at',
  'refresh_token_expires_at',
  'revoked_at',
  'rotated_at',
  'extensions',
];
const INSERT_TOKEN = `INSERT INTO tokens (${TOKEN_COLUMNS.join(', ')})
  VALUES (${TOKEN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
// `extensions` is JSON text (NULL for a record saved without): parsed on the way out.
const fromRow = <T>(row: Record<string, unknown> | undefined): T | null =>
  row
    ? (Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          camel(k),
          k === 'extensions' ? parseRecordExtensions(v as string | null) : v,
        ]),
      ) as T)
    : null;
const json = (extensions: TokenRecord['extensions'] | undefined) =>
  extensions === undefined ? null : JSON.stringify(extensions);
const tokenValues = (r: TokenRecord) =>
  TOKEN_COLUMNS.map((c) =>
    c === 'extensions' ? json(r.extensions) : r[camel(c) as keyof TokenRecord],
  );

/**
 * `guardFamilies: false` is the textbook mistake: `revokeFamily` is one UPDATE, which under
 * READ COMMITTED misses a row that a concurrent rotation inserts after the UPDATE's snapshot.
 */
export function createPostgresReferenceStores(pool: pg.Pool, guardFamilies = true): Stores {
  async function transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
  }
  // Rotation and family revocation of one family take turns on this lock.
  const lockFamily = (c: pg.PoolClient, familyId: string) =>
    guardFamilies ? c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [familyId]) : null;

  return checkedStores({
    clients: {
      async findClient(id) {
        const { rows } = await pool.query('SELECT * FROM clients WHERE client_id = $1', [id]);
        const record = fromRow<ClientRecord>(rows[0]);
        // A NULL registration access token digest reads absent.
        if (record && record.registrationAccessTokenDigest === null) {
          delete record.registrationAccessTokenDigest;
        }
        return record;
      },
      async saveClient(r) {
        await pool.query(
          `INSERT INTO clients VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO UPDATE SET
           client_secret_digest = $2, client_id_issued_at = $3, client_secret_expires_at = $4,
           metadata = $5, registration_access_token_digest = $6`,
          [
            r.clientId,
            r.clientSecretDigest,
            r.clientIdIssuedAt,
            r.clientSecretExpiresAt,
            r.metadata,
            r.registrationAccessTokenDigest ?? null,
          ],
        );
      },
      async deleteClient(id) {
        return (await pool.query('DELETE FROM clients WHERE client_id = $1', [id])).rowCount === 1;
      },
    },
    tokens: {
      async saveToken(r) {
        await pool.query(INSERT_TOKEN, tokenValues(r));
      },
      async findByAccessToken(d) {
        const { rows } = await pool.query('SELECT * FROM tokens WHERE access_token_digest = $1', [
          d,
        ]);
        return fromRow<TokenRecord>(rows[0]);
      },
      async findByRefreshToken(d) {
        const { rows } = await pool.query('SELECT * FROM tokens WHERE refresh_token_digest = $1', [
          d,
        ]);
        return fromRow<TokenRecord>(rows[0]);
      },
      rotateRefreshToken: (d, next, now, accessOnly) =>
        transaction(async (c) => {
          await lockFamily(c, next.familyId);
          const { rowCount } = await c.query(
            `UPDATE tokens SET rotated_at = $2, revoked_at = $2 WHERE refresh_token_digest = $1
             AND family_id = $3 AND revoked_at IS NULL AND rotated_at IS NULL`,
            [d, now, next.familyId],
          );
          if (rowCount !== 1) {
            const { rows } = await c.query(
              'SELECT family_id FROM tokens WHERE refresh_token_digest = $1',
              [d],
            );
            if (rows[0] && rows[0].family_id !== next.familyId) {
              throw new TypeError('rotateRefreshToken: next must belong to the same family');
            }
            return false;
          }
          await c.query(INSERT_TOKEN, tokenValues(next));
          if (accessOnly) await c.query(INSERT_TOKEN, tokenValues(accessOnly));
          return true;
        }),
      async revokeAccessToken(d, now) {
        const { rowCount } = await pool.query(
          'UPDATE tokens SET revoked_at = $2 WHERE access_token_digest = $1 AND revoked_at IS NULL',
          [d, now],
        );
        return rowCount === 1;
      },
      async revokeClientTokens(clientId, now) {
        // Repeated until a fresh read finds none active: one UPDATE can miss a row that a
        // concurrent rotation inserts after its snapshot.
        let revoked = 0;
        for (let round = 0; round < 10; round++) {
          const { rowCount } = await pool.query(
            'UPDATE tokens SET revoked_at = $2 WHERE client_id = $1 AND revoked_at IS NULL',
            [clientId, now],
          );
          revoked += rowCount ?? 0;
          const { rows } = await pool.query(
            'SELECT 1 FROM tokens WHERE client_id = $1 AND revoked_at IS NULL LIMIT 1',
            [clientId],
          );
          if (rows.length === 0) return revoked;
        }
        throw new Error(`client ${clientId} kept changing`);
      },
      revokeFamily: (familyId, now) =>
        transaction(async (c) => {
          await lockFamily(c, familyId);
          const { rowCount } = await c.query(
            'UPDATE tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL',
            [familyId, now],
          );
          return rowCount ?? 0;
        }),
      async deleteExpired(now) {
        const { rowCount } = await pool.query(
          `DELETE FROM tokens WHERE access_token_expires_at <= $1
           AND (refresh_token_digest IS NULL OR refresh_token_expires_at <= $1)`,
          [validNow(now)],
        );
        return rowCount ?? 0;
      },
    },
    codes: {
      async saveCode(r) {
        await pool.query(
          'INSERT INTO codes VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
          [
            r.codeDigest,
            r.clientId,
            r.userId,
            r.redirectUri,
            r.scope,
            r.codeChallenge,
            r.codeChallengeMethod,
            r.nonce,
            r.familyId,
            r.issuedAt,
            r.expiresAt,
            r.consumedAt,
            r.replayedAt,
            json(r.extensions),
          ],
        );
      },
      async findCode(d) {
        const { rows } = await pool.query('SELECT * FROM codes WHERE code_digest = $1', [d]);
        return fromRow<AuthorizationCodeRecord>(rows[0]);
      },
      async consumeCode(d, now) {
        // The row as it was before this statement: a self-join on the old snapshot.
        const won = await pool.query(
          `UPDATE codes SET consumed_at = $2 FROM codes old WHERE codes.code_digest = $1
           AND old.code_digest = $1 AND codes.consumed_at IS NULL RETURNING old.*`,
          [d, now],
        );
        if (won.rowCount === 1) return { status: 'consumed', code: fromRow(won.rows[0])! };
        const replay = await pool.query(
          `UPDATE codes SET replayed_at = COALESCE(replayed_at, $2) WHERE code_digest = $1
           RETURNING *`,
          [d, now],
        );
        const code = fromRow<AuthorizationCodeRecord>(replay.rows[0]);
        return code ? { status: 'replayed', code } : { status: 'not_found' };
      },
      async deleteExpired(now) {
        const { rowCount } = await pool.query('DELETE FROM codes WHERE expires_at <= $1', [
          validNow(now),
        ]);
        return rowCount ?? 0;
      },
    },
  });
}

// A NULL parameter would match nothing and pass for "nothing expired".
function validNow(now: Date): Date {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('deleteExpired: now must be a valid Date');
  }
  return now;
}

/** The suite context over a pool whose database has {@link SCHEMA} applied. */
export function createPostgresReferenceContext(pool: pg.Pool, stores: Stores): StoreSuiteContext {
  const one = async (sql: string, key: string) => (await pool.query(sql, [key])).rows[0];
  return {
    stores,
    raw: {
      async dump() {
        const tables = await Promise.all(
          ['clients', 'tokens', 'codes'].map(
            async (t) => (await pool.query(`SELECT * FROM ${t}`)).rows,
          ),
        );
        return JSON.stringify(tables);
      },
      async token(d) {
        const r = await one('SELECT * FROM tokens WHERE access_token_digest = $1', d);
        return r
          ? {
              familyId: r.family_id,
              refreshTokenDigest: r.refresh_token_digest,
              revoked: r.revoked_at !== null,
              rotated: r.rotated_at !== null,
              scope: r.scope,
            }
          : null;
      },
      async code(d) {
        const r = await one('SELECT * FROM codes WHERE code_digest = $1', d);
        return r ? { consumed: r.consumed_at !== null, replayed: r.replayed_at !== null } : null;
      },
      async client(id) {
        const r = await one('SELECT * FROM clients WHERE client_id = $1', id);
        return r
          ? {
              clientSecretDigest: r.client_secret_digest,
              metadata: r.metadata,
              registrationAccessTokenDigest: r.registration_access_token_digest,
            }
          : null;
      },
    },
    async reset() {
      // DELETE, not TRUNCATE: on tables this small it is several times faster.
      await pool.query('DELETE FROM tokens; DELETE FROM codes; DELETE FROM clients');
    },
  };
}
