import type { Connection } from 'mongoose';

/**
 * Whether the deployment behind a connection runs multi-document transactions: replica set
 * members and `mongos` do, a standalone server does not. Asked once with `hello` (which needs
 * no privileges), then remembered; a failed ask is not remembered, so it is retried.
 */
export function createTransactionSupport(
  connection: Connection,
  forced: boolean | undefined,
): () => Promise<boolean> {
  if (forced !== undefined) return async () => forced;
  let known: Promise<boolean> | undefined;
  return () => {
    known ??= ask(connection).catch((err: unknown) => {
      known = undefined;
      throw err;
    });
    return known;
  };
}

async function ask(connection: Connection): Promise<boolean> {
  // A connection still opening is awaited like Mongoose buffers other commands.
  if (connection.readyState === 2) await connection.asPromise();
  const db = connection.db;
  if (db === undefined) throw new Error('the MongoDB connection is not open');
  const hello = await db.command({ hello: 1 });
  return typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid';
}
