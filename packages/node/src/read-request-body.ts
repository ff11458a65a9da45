import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** A request body as read by {@link readRequestBody}. */
export type RequestBody = { bytes: Uint8Array } | { tooLarge: true };

/**
 * Reads a `node:http` request body (or any byte stream) up to `limit` bytes. A body over the limit (by its
 * `Content-Length`, or once the bytes read pass it) is not buffered: the rest is drained
 * and discarded so that the client, still sending, receives the answer instead of a reset.
 * Send that answer with `Connection: close` (see `sendResponse`). Rejects when the client
 * aborts.
 *
 * @example
 * const body = await readRequestBody(req, server.config.maxBodyBytes);
 */
export function readRequestBody(
  req: Readable & { headers?: IncomingHttpHeaders },
  limit: number,
): Promise<RequestBody> {
  if (req.readableEnded) return Promise.resolve({ bytes: new Uint8Array(0) });
  const declared = Number(req.headers?.['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      // Keep the stream flowing into nothing: the answer goes out while the rest arrives.
      req.on('error', () => {});
      req.resume();
      resolve({ tooLarge: true });
    };
    const onEnd = () => {
      cleanup();
      // A form body mostly comes in one chunk: handed on as it is, not copied.
      resolve({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the connection before sending the whole body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
