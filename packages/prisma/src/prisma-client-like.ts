/**
 * The parts of a generated Prisma client that the stores use, typed structurally: any client
 * generated from oauthkit's models (`OauthClient`, `OauthToken`, `OauthAuthorizationCode`)
 * fits, whatever its output path, provider or extra models.
 */
export interface PrismaClientLike extends PrismaDelegates {
  $transaction<R>(
    fn: (tx: PrismaDelegates) => Promise<R>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<R>;
}

/** The model delegates, as found on a client and on an interactive transaction. */
export interface PrismaDelegates {
  oauthClient: ModelDelegate<OauthClientRow, { clientId: string }>;
  oauthToken: ModelDelegate<
    OauthTokenRow,
    { accessTokenDigest: string } | { refreshTokenDigest: string }
  >;
  oauthAuthorizationCode: ModelDelegate<OauthAuthorizationCodeRow, { codeDigest: string }>;
}

/** Method syntax on purpose: parameters are checked bivariantly, so Prisma's generics fit. */
export interface ModelDelegate<Row, Unique> {
  findUnique(args: { where: Unique }): PromiseLike<Row | null>;
  create(args: { data: Row }): PromiseLike<unknown>;
  upsert(args: { where: Unique; create: Row; update: Partial<Row> }): PromiseLike<unknown>;
  updateMany(args: { where: Partial<Row>; data: Partial<Row> }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: Partial<Row> }): PromiseLike<{ count: number }>;
  count(args: { where: Partial<Row> }): PromiseLike<number>;
}

/** A row of `oauth_clients`; `metadata` is the JSON column. */
export interface OauthClientRow {
  clientId: string;
  clientSecretDigest: string | null;
  clientIdIssuedAt: Date;
  clientSecretExpiresAt: Date | null;
  metadata: unknown;
}

/** A row of `oauth_tokens`. */
export interface OauthTokenRow {
  accessTokenDigest: string;
  refreshTokenDigest: string | null;
  familyId: string;
  clientId: string;
  userId: string | null;
  scope: string;
  tokenType: string;
  grantType: string;
  issuedAt: Date;
  accessTokenExpiresAt: Date;
  refreshTokenExpiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
}

/** A row of `oauth_authorization_codes`. */
export interface OauthAuthorizationCodeRow {
  codeDigest: string;
  clientId: string;
  userId: string;
  redirectUri: string | null;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  familyId: string;
  issuedAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  replayedAt: Date | null;
}
