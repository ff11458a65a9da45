import type { Model } from 'mongoose';
import type { SentOperation } from './offline-connection.js';

/** What a scripted driver call answers: a result, or an error to reject with. */
export type ScriptedAnswer = { result: unknown } | { error: Error };

/**
 * Puts a scripted driver collection under each model's Mongoose collection (no server here):
 * Mongoose casts every operation as usual and hands it to this stand-in, which records it
 * and answers with `answer(operation, index)`. Offline tests use it to walk a store method
 * past its first round trip and to cut it short at any step; it shows which operations are
 * sent in which order, not how a server would run them.
 */
export function scriptDriver(
  models: readonly Model<never>[],
  answer: (op: SentOperation, index: number) => ScriptedAnswer,
): SentOperation[] {
  const sent: SentOperation[] = [];
  const methods = ['insertOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'findOne'];
  for (const model of models) {
    const driver: Record<string, unknown> = {};
    for (const method of methods) {
      driver[method] = (...params: unknown[]) => {
        const op = { collection: model.collection.name, method, params };
        sent.push(op);
        const reply = answer(op, sent.length - 1);
        return 'error' in reply ? Promise.reject(reply.error) : Promise.resolve(reply.result);
      };
    }
    (model.collection as unknown as { collection: unknown }).collection = driver;
  }
  return sent;
}

/** The driver's answer to a write that matched and modified (or deleted) one document. */
export function oneWritten(method: string): ScriptedAnswer {
  if (method === 'insertOne') return { result: { acknowledged: true, insertedId: null } };
  if (method.startsWith('delete')) return { result: { acknowledged: true, deletedCount: 1 } };
  return {
    result: { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0 },
  };
}
