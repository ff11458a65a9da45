import type { ServerResponse } from 'node:http';

/**
 * A stand-in for node's `ServerResponse` in the in-process benchmarks: takes `writeHead` and
 * `end`, and calls `done` with the status and the body at `end`.
 */
export function standInResponse(done: (status: number, body: string) => void): ServerResponse {
  let status = 0;
  return {
    headersSent: false,
    writeHead(s: number) {
      status = s;
      return this;
    },
    end(body?: string) {
      done(status, body ?? '');
    },
  } as unknown as ServerResponse;
}
