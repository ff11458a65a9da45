import type { AuthorizationCodeRecord, DeviceCodeRecord, TokenRecord } from '@oauthkit/core';
import type { RecordRow } from '@oauthkit/core/stores';

/**
 * The parts of a generated Prisma client that the stores use, typed structurally: any client
 * generated from oauthkit's models (`OauthClient`, `OauthToken`, `OauthAuthorizationCode`,
 * `OauthDeviceCode`)
 * fits, whatever its output path, provider or extra models.
 */
export interface PrismaClientLike extends PrismaDelegates {
  $transaction<R>(
    fn: (tx: Pick<PrismaDelegates, 'oauthToken' | 'oauthAuthorizationCode'>) => Promise<R>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<R>;
}

/** The model delegates, as found on a client and on an interactive transaction. */
export interface PrismaDelegates {
  oauthClient: ModelDelegate<
    OauthClientRow,
    OauthClientData,
    { clientId: string },
    Partial<Omit<OauthClientRow, 'metadata'>>
  >;
  oauthToken: ModelDelegate<
    OauthTokenRow,
    OauthTokenRow,
    { accessTokenDigest: string } | { refreshTokenDigest: string },
    WhereInput<OauthTokenRow>
  >;
  oauthAuthorizationCode: ModelDelegate<
    OauthAuthorizationCodeRow,
    OauthAuthorizationCodeRow,
    { codeDigest: string },
    WhereInput<OauthAuthorizationCodeRow>
  >;
  oauthDeviceCode: ModelDelegate<
    OauthDeviceCodeRow,
    OauthDeviceCodeRow,
    { deviceCodeDigest: string } | { userCodeDigest: string },
    WhereInput<OauthDeviceCodeRow>
  >;
}

/** The filters the stores use: equality on columns, `lte` on dates, and `OR`. */
export type WhereInput<Row> = {
  [K in keyof Row]?: Row[K] | (Row[K] extends Date | null ? { lte: Date } : never);
} & { OR?: WhereInput<Row>[] };

/**
 * A model delegate: `Row` is what reads return, `Data` what writes take (they differ for
 * JSON columns). Method syntax on purpose: parameters are checked bivariantly, so Prisma's
 * generic signatures fit (`test/support/generated-client-types.ts` proves it).
 */
export interface ModelDelegate<Row, Data, Unique, Where = Partial<Row>> {
  findUnique(args: { where: Unique }): PromiseLike<Row | null>;
  create(args: { data: Data }): PromiseLike<unknown>;
  upsert(args: { where: Unique; create: Data; update: Partial<Data> }): PromiseLike<unknown>;
  updateMany(args: { where: Where; data: Partial<Data> }): PromiseLike<{ count: number }>;
  /**
   * `UPDATE ... RETURNING` (Prisma 6.2+, PostgreSQL and SQLite; MySQL has none): where the
   * client has it, a store answers in one statement what would otherwise take a read too.
   */
  updateManyAndReturn?(args: { where: Where; data: Partial<Data> }): PromiseLike<Row[]>;
  deleteMany(args: { where: Where; limit?: number }): PromiseLike<{ count: number }>;
  count(args: { where: Where }): PromiseLike<number>;
}

/** A row of `oauth_clients`; `metadata` is the JSON column. */
export interface OauthClientRow {
  clientId: string;
  clientSecretDigest: string | null;
  clientIdIssuedAt: Date;
  clientSecretExpiresAt: Date | null;
  metadata: unknown;
  /** Added by the `20261216000000_client_registration` migration. */
  registrationAccessTokenDigest: string | null;
}

/** A JSON value as Prisma accepts it for a `Json` column. */
export type JsonInput =
  | string
  | number
  | boolean
  | { readonly [key: string]: JsonInput | null | undefined }
  | readonly (JsonInput | null)[];

/** What a write to `oauth_clients` takes. */
export type OauthClientData = Omit<OauthClientRow, 'metadata'> & { metadata: JsonInput };

/**
 * A row of `oauth_tokens`: the fields of a `TokenRecord`, with `extensions` as JSON text
 * (`null` reads as `{}`: rows written before the column).
 */
export type OauthTokenRow = RecordRow<TokenRecord>;

/**
 * A row of `oauth_authorization_codes`: the fields of an `AuthorizationCodeRecord`, with
 * `extensions` as JSON text (`null` reads as `{}`: rows written before the column).
 */
export type OauthAuthorizationCodeRow = RecordRow<AuthorizationCodeRecord>;

/**
 * A row of `oauth_device_codes` (RFC 8628): the fields of a `DeviceCodeRecord`, `status` a
 * plain string column (`pending`, `approved` or `denied`), and `extensions` as JSON text,
 * set at approval (`null` reads as `{}`).
 */
export type OauthDeviceCodeRow = Omit<RecordRow<DeviceCodeRecord>, 'status'> & { status: string };

/** A row of `oauth_replay_ids`: `<namespace>:<id>` and when it may be forgotten. */
export interface OauthReplayIdRow {
  replayKey: string;
  expiresAt: Date;
}

/** The `OauthReplayId` delegate, as `createPrismaReplayStore` uses it. */
export interface OauthReplayIdDelegate {
  create(args: { data: OauthReplayIdRow }): PromiseLike<unknown>;
  deleteMany(args: {
    where: { replayKey?: string; expiresAt: { lte: Date } };
    limit?: number;
  }): PromiseLike<{ count: number }>;
}
