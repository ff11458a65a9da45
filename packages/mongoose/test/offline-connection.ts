import { Mongoose } from 'mongoose';
import { registerOAuthModels } from '../src/models/register-oauth-models.js';

/** One call that reached the MongoDB driver (Mongoose's `operation-start` event). */
export interface SentOperation {
  collection: string;
  method: string;
  params: unknown[];
}

/**
 * A Mongoose connection that was never opened, with command buffering off: every operation
 * is cast by Mongoose, handed to the driver layer (where `operation-start` records it), and
 * rejected at once because there is no server. Nothing answers in place of a database.
 */
export function createOfflineConnection() {
  const mongoose = new Mongoose({ bufferCommands: false, autoIndex: false, autoCreate: false });
  const connection = mongoose.createConnection();
  const sent: SentOperation[] = [];
  connection.on(
    'operation-start',
    (e: { collectionName: string; method: string; params: unknown[] }) => {
      sent.push({ collection: e.collectionName, method: e.method, params: e.params });
    },
  );
  return { mongoose, connection, sent, models: registerOAuthModels(connection) };
}

/** The operation a Query will run (`findOne`, `updateOne`, ...); Mongoose keeps it untyped. */
export function opOf(query: object): string {
  return (query as { op: string }).op;
}

/**
 * Executes `query` on an offline connection and returns what reached the driver (it then
 * fails, there being no server): proof that Mongoose casts the filter and update as written.
 */
export async function sentBy(
  sent: SentOperation[],
  query: { exec(): Promise<unknown> },
): Promise<SentOperation> {
  const before = sent.length;
  await query.exec().then(
    () => {
      throw new Error('an offline query resolved');
    },
    (err: Error) => {
      if (!/before initial connection/.test(err.message)) throw err;
    },
  );
  if (sent.length !== before + 1)
    throw new Error(`expected one operation, got ${sent.length - before}`);
  return sent[before]!;
}
