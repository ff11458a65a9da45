import { PrismaPg } from '@prisma/adapter-pg';
import { describe, expect, it } from 'vitest';
import { postgresSql } from '../src/postgres-sql.js';
import { importGeneratedClient } from './support/generated-client.js';

// The raw PostgreSQL statements name the shipped schema's tables and columns. A client whose
// schema maps a model to another table, or a field to another column, must keep to the model
// delegates (which follow the mapping): `postgresSql` answers `undefined` for it.

/**
 * A generated PostgreSQL client's description of its models, as the client carries it. The
 * client is only constructed: nothing connects.
 */
async function shippedModels(): Promise<Record<string, unknown>> {
  const { PrismaClient } = await importGeneratedClient('postgresql');
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }),
  }) as unknown as { _runtimeDataModel?: { models: Record<string, unknown> } };
  const model = client._runtimeDataModel;
  if (!model) throw new Error('the generated client carries no runtime data model');
  return structuredClone(model.models);
}

/** What `postgresSql` reads of a PostgreSQL client, with `models` as its data model. */
function clientWith(models: Record<string, unknown> | undefined) {
  return {
    _activeProvider: 'postgresql',
    _engineConfig: { adapter: { options: {} } },
    _runtimeDataModel: models === undefined ? undefined : { models },
    $queryRawUnsafe: async () => [],
    $executeRawUnsafe: async () => 0,
  };
}

describe('the raw PostgreSQL path follows the shipped table and column names only', () => {
  it('is taken for the shipped schema', async () => {
    expect(postgresSql(clientWith(await shippedModels()))).toBeDefined();
  });

  it('is not taken for a token table mapped to another name', async () => {
    const models = await shippedModels();
    (models.OauthToken as { dbName: string }).dbName = 'tokens';
    expect(postgresSql(clientWith(models))).toBeUndefined();
  });

  it('is not taken for a code column mapped to another name', async () => {
    const models = await shippedModels();
    const fields = (
      models.OauthAuthorizationCode as { fields: { name: string; dbName?: string }[] }
    ).fields;
    fields.find((f) => f.name === 'consumedAt')!.dbName = 'used_at';
    expect(postgresSql(clientWith(models))).toBeUndefined();
  });

  it('is not taken when the client carries no data model', () => {
    expect(postgresSql(clientWith(undefined))).toBeUndefined();
  });
});
