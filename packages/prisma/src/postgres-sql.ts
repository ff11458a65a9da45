import type { TokenRecord } from '@oauthkit/core';
import {
  createCallCoalescer,
  createInsertCoalescer,
  createLookupCoalescer,
  toRecordRow,
} from '@oauthkit/core/stores';
import type {
  OauthAuthorizationCodeRow,
  OauthClientRow,
  OauthTokenRow,
} from './prisma-client-like.js';
import { namedStatement } from './prisma-statement-names.js';

/** The raw-query methods of a generated client (every provider has them). */
export interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/**
 * The hot-path statements of the stores on PostgreSQL, as raw SQL: Prisma's query compiler
 * and result mapping cost about twice the CPU of the raw query per statement, and raw SQL
 * lets a refresh rotation and a code exchange each be one data-modifying statement. Every
 * value is a bound parameter; only the schema name (quoted) is part of the text.
 */
export interface PostgresSql {
  findClient(clientId: string): Promise<OauthClientRow | undefined>;
  findToken(by: 'access' | 'refresh', digest: string): Promise<OauthTokenRow | undefined>;
  saveToken(record: TokenRecord): Promise<void>;
  /** The conditional UPDATE of a rotation and the INSERT of its tokens, in one statement. */
  rotateToken(
    refreshTokenDigest: string,
    now: Date,
    familyId: string,
    tokens: readonly TokenRecord[],
  ): Promise<boolean>;
  revokeAccessToken(accessTokenDigest: string, now: Date): Promise<boolean>;
  findCode(codeDigest: string): Promise<OauthAuthorizationCodeRow | undefined>;
  /** The winner's row (as it is after the UPDATE), or `undefined` when the code was not unconsumed. */
  consumeCode(codeDigest: string, now: Date): Promise<OauthAuthorizationCodeRow | undefined>;
  /** `consumeCode` and, only when it won, the INSERT of `token`, in one statement. */
  redeemCode(
    codeDigest: string,
    now: Date,
    token: TokenRecord,
  ): Promise<OauthAuthorizationCodeRow | undefined>;
}

const CLIENT_COLUMNS = {
  clientId: 'client_id',
  clientSecretDigest: 'client_secret_digest',
  clientIdIssuedAt: 'client_id_issued_at',
  clientSecretExpiresAt: 'client_secret_expires_at',
  metadata: 'metadata',
  registrationAccessTokenDigest: 'registration_access_token_digest',
} satisfies Record<keyof OauthClientRow, string>;

const TOKEN_COLUMNS = {
  accessTokenDigest: 'access_token_digest',
  refreshTokenDigest: 'refresh_token_digest',
  familyId: 'family_id',
  clientId: 'client_id',
  userId: 'user_id',
  scope: 'scope',
  tokenType: 'token_type',
  grantType: 'grant_type',
  issuedAt: 'issued_at',
  accessTokenExpiresAt: 'access_token_expires_at',
  refreshTokenExpiresAt: 'refresh_token_expires_at',
  revokedAt: 'revoked_at',
  rotatedAt: 'rotated_at',
  extensions: 'extensions',
} satisfies Record<keyof OauthTokenRow, string>;

const CODE_COLUMNS = {
  codeDigest: 'code_digest',
  clientId: 'client_id',
  userId: 'user_id',
  redirectUri: 'redirect_uri',
  scope: 'scope',
  codeChallenge: 'code_challenge',
  codeChallengeMethod: 'code_challenge_method',
  nonce: 'nonce',
  familyId: 'family_id',
  issuedAt: 'issued_at',
  expiresAt: 'expires_at',
  consumedAt: 'consumed_at',
  replayedAt: 'replayed_at',
  extensions: 'extensions',
} satisfies Record<keyof OauthAuthorizationCodeRow, string>;

const TOKEN_FIELDS = Object.keys(TOKEN_COLUMNS) as (keyof OauthTokenRow)[];
const TIMESTAMP_COLUMNS = new Set([
  'issued_at',
  'access_token_expires_at',
  'refresh_token_expires_at',
  'revoked_at',
  'rotated_at',
]);

/** A model as the generated client describes it (its runtime data model). */
interface RuntimeModel {
  dbName?: string | null;
  fields?: readonly { name: string; dbName?: string | null }[];
}

/** Whether `model` is stored in `table` with every field in the column the raw SQL names. */
function mapsTo(
  model: RuntimeModel | undefined,
  table: string,
  columns: Record<string, string>,
): boolean {
  if (model?.dbName !== table || !Array.isArray(model.fields)) return false;
  const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
  return Object.entries(columns).every(([field, column]) => columnOf.get(field) === column);
}

/** `column AS "field"` for each column, so that rows come back in the model's field names. */
function selectList(columns: Record<string, string>): string {
  return Object.entries(columns)
    .map(([field, column]) => `${column} AS "${field}"`)
    .join(', ');
}

/** `($n::type, ...)` placeholders of a token row, numbered from `first`. */
function tokenPlaceholders(first: number): string {
  const cast = (column: string) => (TIMESTAMP_COLUMNS.has(column) ? 'timestamptz' : 'text');
  return TOKEN_FIELDS.map((field, i) => `$${first + i}::${cast(TOKEN_COLUMNS[field])}`).join(', ');
}

/** Rows one joint token insert carries at most. */
const MAX_COALESCED_ROWS = 100;

/** A token row keyed by column name, for `json_populate_recordset` (dates as ISO text). */
function tokenJsonRow(record: TokenRecord): Record<string, unknown> {
  const row = toRecordRow('token', record);
  const json: Record<string, unknown> = {};
  for (const field of TOKEN_FIELDS) json[TOKEN_COLUMNS[field]] = row[field];
  return json;
}

function tokenValues(record: TokenRecord): unknown[] {
  const row = toRecordRow('token', record);
  return TOKEN_FIELDS.map((field) => row[field]);
}

/** Options of the stores' raw PostgreSQL statements. */
export interface PostgresSqlOptions {
  /**
   * PostgreSQL: whether the token inserts, the code redemptions, and the lookups of tokens and
   * codes by digest, of one event-loop turn (the requests a busy server reads together) go to the
   * database as one statement each (default `true`): one round trip, and for the writes one commit,
   * for all of them instead of one each. A lone call goes alone, as before. Each caller still gets
   * its own outcome: a row the joint insert skipped on a conflict, a redemption the joint statement
   * did not win (the code consumed already, or unknown), and every call of a joint write that
   * failed, run again alone (a joint lookup that fails is read again key by key), and a statement
   * commits all it did or nothing. The statements leave at the end of the turn (`setImmediate`), so
   * a request waits for the other callbacks of its turn. `false` sends every statement on its own.
   */
  coalesceStatements?: boolean;
}

/**
 * The raw statements for `prisma` when it is a PostgreSQL client, `undefined` otherwise (the
 * stores then use the model delegates). The tables are qualified with the schema Prisma's own
 * queries use: the driver adapter's `schema` option, else `public`. The provider, that option
 * and the table and column names (the client's runtime data model, which must name the
 * shipped schema's tables and columns) are not public API of the generated client; where
 * they cannot be read or differ, the stores keep to the model delegates.
 */
export function postgresSql(
  prisma: object,
  options: PostgresSqlOptions = {},
  caller = 'postgresSql',
): PostgresSql | undefined {
  const { coalesceStatements = true } = options;
  if (typeof coalesceStatements !== 'boolean') {
    throw new TypeError(`${caller}: coalesceStatements must be a boolean`);
  }
  const client = prisma as Partial<RawQueries> & {
    _activeProvider?: unknown;
    _engineConfig?: { adapter?: { options?: { schema?: unknown } } };
    _runtimeDataModel?: { models?: Record<string, RuntimeModel | undefined> };
  };
  const models = client._runtimeDataModel?.models;
  if (
    client._activeProvider !== 'postgresql' ||
    typeof client.$queryRawUnsafe !== 'function' ||
    typeof client.$executeRawUnsafe !== 'function' ||
    typeof client._engineConfig?.adapter !== 'object' ||
    // A schema whose tables or columns are mapped to other names than the shipped one's keeps
    // to the model delegates, which follow the mapping.
    !mapsTo(models?.OauthClient, 'oauth_clients', CLIENT_COLUMNS) ||
    !mapsTo(models?.OauthToken, 'oauth_tokens', TOKEN_COLUMNS) ||
    !mapsTo(models?.OauthAuthorizationCode, 'oauth_authorization_codes', CODE_COLUMNS)
  ) {
    return undefined;
  }
  const given = client._engineConfig.adapter.options?.schema;
  const schema = `"${(typeof given === 'string' && given !== '' ? given : 'public').replaceAll('"', '""')}"`;
  const raw = client as RawQueries;
  const clients = `${schema}.oauth_clients`;
  const tokens = `${schema}.oauth_tokens`;
  const codes = `${schema}.oauth_authorization_codes`;
  const tokenColumns = TOKEN_FIELDS.map((field) => TOKEN_COLUMNS[field]).join(', ');
  const codeSelect = selectList(CODE_COLUMNS);

  const findClientSql = namedStatement(
    `SELECT ${selectList(CLIENT_COLUMNS)} FROM ${clients} WHERE client_id = $1`,
  );
  // A lookup by one key column: a statement per call or, with `coalesceStatements`, the
  // lookups of one turn in one statement, `column = ANY($1)` (see createLookupCoalescer).
  function lookupBy<R>(
    from: string,
    columns: Record<keyof R & string, string>,
    field: keyof R & string,
  ): (digest: string) => Promise<R | undefined> {
    const select = `SELECT ${selectList(columns)} FROM ${from} WHERE ${columns[field]}`;
    const oneSql = namedStatement(`${select} = $1`);
    const one = async (digest: string) => (await raw.$queryRawUnsafe<R[]>(oneSql, digest))[0];
    if (!coalesceStatements) return one;
    const manySql = namedStatement(`${select} = ANY($1::text[])`);
    return createLookupCoalescer<string, R>({
      one,
      many: async (digests) => raw.$queryRawUnsafe<R[]>(manySql, digests),
      keyOf: (row) => row[field] as string,
      maxKeys: MAX_COALESCED_ROWS,
    });
  }
  const findTokenBy = {
    access: lookupBy<OauthTokenRow>(tokens, TOKEN_COLUMNS, 'accessTokenDigest'),
    refresh: lookupBy<OauthTokenRow>(tokens, TOKEN_COLUMNS, 'refreshTokenDigest'),
  };
  const saveTokenSql = namedStatement(
    `INSERT INTO ${tokens} (${tokenColumns}) VALUES (${tokenPlaceholders(1)})`,
  );
  // Several token rows as one JSON parameter typed by the table's row type; a row that
  // conflicts (with a row there, or one before it in the same statement) is skipped.
  const saveTokensSql = namedStatement(
    `INSERT INTO ${tokens} (${tokenColumns}) SELECT ${tokenColumns} FROM ` +
      `json_populate_recordset(NULL::${tokens}, $1::json) ON CONFLICT DO NOTHING ` +
      'RETURNING access_token_digest AS key',
  );
  const saveOne = async (record: TokenRecord) => {
    await raw.$executeRawUnsafe(saveTokenSql, ...tokenValues(record));
  };
  // The token inserts of one turn in one statement (see createInsertCoalescer).
  const saveToken = coalesceStatements
    ? createInsertCoalescer<TokenRecord>({
        one: saveOne,
        many: async (records) => {
          const rows = await raw.$queryRawUnsafe<{ key: string }[]>(
            saveTokensSql,
            JSON.stringify(records.map(tokenJsonRow)),
          );
          return rows.map((row) => row.key);
        },
        keyOf: (record) => record.accessTokenDigest,
        maxRows: MAX_COALESCED_ROWS,
      })
    : saveOne;
  const claimSql =
    `UPDATE ${tokens} SET rotated_at = $1, revoked_at = $1 WHERE refresh_token_digest = $2 ` +
    'AND family_id = $3 AND revoked_at IS NULL AND rotated_at IS NULL RETURNING 1';
  // One or two tokens (the pair, and an access-only token beside it).
  const rotateSql = [1, 2].map((count) =>
    namedStatement(
      `WITH claimed AS (${claimSql}) INSERT INTO ${tokens} (${tokenColumns}) ` +
        Array.from(
          { length: count },
          (_, i) =>
            `SELECT ${tokenPlaceholders(4 + i * TOKEN_FIELDS.length)} WHERE EXISTS (SELECT 1 FROM claimed)`,
        ).join(' UNION ALL '),
    ),
  );
  const revokeAccessSql = namedStatement(
    `UPDATE ${tokens} SET revoked_at = $1 WHERE access_token_digest = $2 AND revoked_at IS NULL`,
  );
  const findCode = lookupBy<OauthAuthorizationCodeRow>(codes, CODE_COLUMNS, 'codeDigest');
  const consumeSql = namedStatement(
    `UPDATE ${codes} SET consumed_at = $1 WHERE code_digest = $2 AND consumed_at IS NULL RETURNING ${codeSelect}`,
  );
  // Every data-modifying WITH runs to completion whether or not it is read: the INSERT runs
  // (inserting nothing when no code was consumed), and its failure fails the UPDATE with it.
  const redeemSql = namedStatement(
    `WITH consumed AS (${consumeSql}), saved AS (INSERT INTO ${tokens} (${tokenColumns}) ` +
      `SELECT ${tokenPlaceholders(3)} WHERE EXISTS (SELECT 1 FROM consumed) RETURNING 1) ` +
      'SELECT * FROM consumed',
  );
  const redeemOne = async (codeDigest: string, now: Date, token: TokenRecord) => {
    const rows = await raw.$queryRawUnsafe<OauthAuthorizationCodeRow[]>(
      redeemSql,
      now,
      codeDigest,
      ...tokenValues(token),
    );
    return rows[0];
  };
  // The redemptions of one turn in one statement (see createCallCoalescer): each code in $1
  // (never twice) consumed at its own $2 entry if it is not yet, and the token of the same
  // position in $3 inserted only for a code consumed here; all of it commits, or none. A
  // redemption it did not win runs alone, and so does each of a statement that failed.
  const redeemManySql = namedStatement(
    'WITH input AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS x(digest, now, i)), ' +
      `consumed AS (UPDATE ${codes} SET consumed_at = input.now FROM input WHERE code_digest = input.digest ` +
      `AND consumed_at IS NULL RETURNING ${codes}.*, input.i), ` +
      `saved AS (INSERT INTO ${tokens} (${tokenColumns}) SELECT ${tokenColumns} FROM ` +
      `json_populate_recordset(NULL::${tokens}, $3::json) WITH ORDINALITY AS r ` +
      'WHERE r.ordinality IN (SELECT i FROM consumed)) ' +
      `SELECT ${codeSelect} FROM consumed`,
  );
  interface Redemption {
    codeDigest: string;
    now: Date;
    token: TokenRecord;
  }
  const redeemTogether = createCallCoalescer<Redemption, OauthAuthorizationCodeRow | undefined>({
    one: (r) => redeemOne(r.codeDigest, r.now, r.token),
    many: async (batch) => {
      const rows = await raw.$queryRawUnsafe<OauthAuthorizationCodeRow[]>(
        redeemManySql,
        batch.map((r) => r.codeDigest),
        batch.map((r) => r.now.toISOString()),
        JSON.stringify(batch.map((r) => tokenJsonRow(r.token))),
      );
      return new Map(rows.map((row) => [row.codeDigest, row]));
    },
    keyOf: (r) => r.codeDigest,
    maxCalls: MAX_COALESCED_ROWS,
  });

  return {
    async findClient(clientId) {
      const rows = await raw.$queryRawUnsafe<OauthClientRow[]>(findClientSql, clientId);
      return rows[0];
    },
    findToken: (by, digest) => findTokenBy[by](digest),
    saveToken,
    async rotateToken(refreshTokenDigest, now, familyId, next) {
      const sql = rotateSql[next.length - 1];
      if (sql === undefined) throw new RangeError('rotateToken: one or two tokens');
      const values = next.flatMap(tokenValues);
      const inserted = await raw.$executeRawUnsafe(
        sql,
        now,
        refreshTokenDigest,
        familyId,
        ...values,
      );
      return inserted > 0;
    },
    async revokeAccessToken(accessTokenDigest, now) {
      return (await raw.$executeRawUnsafe(revokeAccessSql, now, accessTokenDigest)) === 1;
    },
    findCode,
    async consumeCode(codeDigest, now) {
      const rows = await raw.$queryRawUnsafe<OauthAuthorizationCodeRow[]>(
        consumeSql,
        now,
        codeDigest,
      );
      return rows[0];
    },
    redeemCode: coalesceStatements
      ? (codeDigest, now, token) => redeemTogether({ codeDigest, now, token })
      : redeemOne,
  };
}
