import { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { authorizationCodeSchema } from '../schemas/authorization-code-schema.js';
import { clientSchema } from '../schemas/client-schema.js';
import { tokenSchema } from '../schemas/token-schema.js';
import { OAUTH_MODEL_NAMES, registerOAuthModels } from './register-oauth-models.js';

describe('registerOAuthModels', () => {
  it('registers the three models on the given connection only', () => {
    const { connection, models } = createOfflineConnection();
    const other = createOfflineConnection().connection;
    expect(models.Client.modelName).toBe(OAUTH_MODEL_NAMES.client);
    expect(models.Token.modelName).toBe(OAUTH_MODEL_NAMES.token);
    expect(models.AuthorizationCode.modelName).toBe(OAUTH_MODEL_NAMES.authorizationCode);
    // Mongoose compiles a copy of each schema: compare what matters.
    const paths = (s: Schema) => Object.keys(s.paths).sort();
    expect(paths(models.Client.schema)).toEqual(paths(clientSchema));
    expect(paths(models.Token.schema)).toEqual(paths(tokenSchema));
    expect(paths(models.AuthorizationCode.schema)).toEqual(paths(authorizationCodeSchema));
    expect(models.Token.schema.indexes()).toEqual(tokenSchema.indexes());
    expect(connection.models[OAUTH_MODEL_NAMES.token]).toBe(models.Token);
    expect(models.Token.db).toBe(connection);
    expect(other.models[OAUTH_MODEL_NAMES.token]).not.toBe(models.Token);
    expect(models.Token.collection.collectionName).toBe('oauth_tokens');
  });

  it('returns the already registered models on a second call', () => {
    const { connection, models } = createOfflineConnection();
    const again = registerOAuthModels(connection);
    expect(again.Client).toBe(models.Client);
    expect(again.Token).toBe(models.Token);
    expect(again.AuthorizationCode).toBe(models.AuthorizationCode);
  });

  it('accepts a user model under our name on our collection (e.g. an extended schema)', () => {
    const { mongoose } = createOfflineConnection();
    const connection = mongoose.createConnection();
    const extended = tokenSchema.clone().add(new Schema({ deviceId: String }));
    const Token = connection.model(OAUTH_MODEL_NAMES.token, extended);
    expect(registerOAuthModels(connection).Token).toBe(Token);
  });

  it('refuses a different model registered under our name', () => {
    const { mongoose } = createOfflineConnection();
    const connection = mongoose.createConnection();
    connection.model(OAUTH_MODEL_NAMES.client, new Schema({ name: String }));
    expect(() => registerOAuthModels(connection)).toThrow(
      new TypeError(
        'model OAuthClient is already registered on this connection for collection ' +
          'oauthclients, not oauth_clients',
      ),
    );
  });

  it('refuses something that is not a connection', () => {
    expect(() => registerOAuthModels(undefined as never)).toThrow(
      new TypeError('registerOAuthModels expects a Mongoose Connection'),
    );
    expect(() => registerOAuthModels({} as never)).toThrow(TypeError);
  });
});
